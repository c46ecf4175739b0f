#include "cluster/api_discovery.hpp"

#include <algorithm>

#include "core/object.hpp"

namespace kgitops {
namespace {

bool serves(const Json& resource, const std::string& verb) {
  const auto verbs = resource.find("verbs");
  return verbs != resource.end() && verbs->is_array() &&
         std::ranges::any_of(*verbs, [&](const Json& v) { return v.is_string() && v == verb; });
}

// One resource of a version, or nothing for one without a kind.
std::optional<ApiResource> resource_of(const std::string& group, const std::string& version,
                                       const Json& resource) {
  if (!resource.is_object()) {
    return std::nullopt;
  }
  const auto kind = resource.find("responseKind");
  if (kind == resource.end() || !kind->is_object() || !kind->contains("kind") ||
      !(*kind)["kind"].is_string() || !resource.contains("resource") ||
      !resource["resource"].is_string()) {
    return std::nullopt;
  }
  ApiResource found;
  found.group = group;
  found.version = version;
  found.kind = (*kind)["kind"].get<std::string>();
  found.resource = resource["resource"].get<std::string>();
  found.namespaced = resource.value("scope", "") == "Namespaced";
  found.listable = serves(resource, "list");
  return found;
}

// Every resource of `groups` at its preferred version, into `resources`.
void collect_resources(const Json& groups, std::vector<ApiResource>& resources) {
  for (const auto& group : groups) {
    if (!group.is_object() || !group.contains("versions") || !group["versions"].is_array() ||
        group["versions"].empty()) {
      continue;
    }
    std::string name;
    if (const auto metadata = group.find("metadata");
        metadata != group.end() && metadata->is_object()) {
      name = metadata->value("name", "");
    }
    const auto& preferred = group["versions"].front();
    if (!preferred.is_object() || !preferred.contains("resources") ||
        !preferred["resources"].is_array()) {
      continue;
    }
    const std::string version = preferred.value("version", "");
    for (const auto& resource : preferred["resources"]) {
      if (auto found = resource_of(name, version, resource)) {
        resources.push_back(std::move(*found));
      }
    }
  }
}

}  // namespace

Result<std::vector<ApiResource>> parse_aggregated_discovery(const std::string& body) {
  const Json document = Json::parse(body, nullptr, false);
  std::vector<ApiResource> resources;
  try {
    if (document.is_discarded() || !document.is_object() ||
        document.value("kind", "") != "APIGroupDiscoveryList" || !document.contains("items") ||
        !document["items"].is_array()) {
      return fail("the API server's discovery is not an APIGroupDiscoveryList");
    }
    collect_resources(document["items"], resources);
  } catch (const Json::exception& error) {
    return fail("cannot read the API server's discovery: ", error.what());
  }
  return resources;
}

}  // namespace kgitops
