#include "engine/scope.hpp"

#include <cctype>

#include "cluster/builtin_kinds.hpp"

namespace kgitops {

Scope::Scope(const std::vector<Manifest>& manifests, UnknownKinds unknown_kinds)
    : m_unknown_kinds(unknown_kinds) {
  for (auto& resource : builtin_kinds()) {
    m_resources.emplace(std::pair{resource.group, resource.kind}, resource);
  }
  add_crds(manifests);
}

Scope::Scope(const std::vector<ApiResource>& discovered, const std::vector<Manifest>& manifests) {
  for (const auto& resource : discovered) {
    // api-resources lists a kind once per served group; the first is preferred.
    m_resources.emplace(std::pair{resource.group, resource.kind}, resource);
    m_served.emplace(resource.group, resource.kind);
  }
  add_crds(manifests);
}

bool Scope::served(const std::string& group, const std::string& kind) const {
  return m_served.contains({group, kind});
}

std::vector<ApiResource> Scope::listable() const {
  std::vector<ApiResource> kinds;
  for (const auto& [id, resource] : m_resources) {
    if (resource.listable && resource.kind != "Event" && served(id.first, id.second)) {
      kinds.push_back(resource);
    }
  }
  return kinds;
}

namespace {

// `object[key]` when `object` is a map holding a string there, else `fallback`:
// a CRD from git is untrusted input, its fields of any type.
std::string text_field(const Json& object, const char* key, const std::string& fallback = "") {
  if (!object.is_object()) {
    return fallback;
  }
  const auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : fallback;
}

}  // namespace

void Scope::add_crds(const std::vector<Manifest>& manifests) {
  for (const auto& manifest : manifests) {
    const auto& object = manifest.object;
    if (kind_of(object) != "CustomResourceDefinition" || !object.contains("spec")) {
      continue;
    }
    const auto& spec = object["spec"];
    if (!spec.is_object()) {
      continue;
    }
    ApiResource resource;
    resource.group = text_field(spec, "group");
    const Json names = spec.contains("names") ? spec["names"] : Json();
    resource.kind = text_field(names, "kind");
    resource.resource = text_field(names, "plural");
    resource.namespaced = text_field(spec, "scope", "Namespaced") != "Cluster";
    if (spec.contains("versions") && spec["versions"].is_array()) {
      for (const auto& version : spec["versions"]) {
        const auto storage = version.is_object() ? version.find("storage") : version.end();
        const bool stored = version.is_object() && storage != version.end() &&
                            storage->is_boolean() && storage->get<bool>();
        if (stored || resource.version.empty()) {
          resource.version = text_field(version, "name");
        }
      }
    }
    if (!resource.kind.empty() && !resource.resource.empty()) {
      m_resources.emplace(std::pair{resource.group, resource.kind}, resource);
    }
  }
}

std::optional<ApiResource> Scope::find(const std::string& group, const std::string& kind) const {
  const auto found = m_resources.find({group, kind});
  if (found == m_resources.end()) {
    return std::nullopt;
  }
  return found->second;
}

}  // namespace kgitops
