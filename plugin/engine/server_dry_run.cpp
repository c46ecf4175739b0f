#include "engine/server_dry_run.hpp"

#include <map>
#include <optional>
#include <set>
#include <utility>

namespace kgitops {
namespace {

using GroupKind = std::pair<std::string, std::string>;

const ApiResource k_namespace_resource{"", "v1", "Namespace", "namespaces", false};

Finding object_finding(const DesiredObject& object, Severity severity, std::string message) {
  return Finding{object.source.file, object.source.line, to_string(object.key), severity,
                 std::move(message)};
}

// The kinds that CRDs of the commit declare.
std::set<GroupKind> kinds_declared_by_crds(const std::vector<DesiredObject>& desired) {
  std::set<GroupKind> kinds;
  for (const auto& object : desired) {
    if (object.key.kind != "CustomResourceDefinition" || !object.object.contains("spec")) {
      continue;
    }
    const auto& spec = object.object["spec"];
    const auto names = spec.find("names");
    if (names != spec.end() && names->is_object()) {
      kinds.emplace(spec.value("group", ""), names->value("kind", ""));
    }
  }
  return kinds;
}

// Whether the namespaces the commit declares exist in the cluster yet; a
// namespace that cannot be read counts as existing, so the dry run tells.
std::map<std::string, bool> declared_namespaces(Cluster& cluster,
                                                const std::vector<DesiredObject>& desired) {
  std::map<std::string, bool> exists;
  for (const auto& object : desired) {
    if (object.key.group.empty() && object.key.kind == "Namespace") {
      auto live = cluster.get(k_namespace_resource, "", object.key.name);
      exists[object.key.name] = !live || live->has_value();
    }
  }
  return exists;
}

}  // namespace

void check_with_server(Cluster& cluster, const std::vector<DesiredObject>& desired,
                       const std::string& default_namespace, std::vector<Finding>& findings) {
  auto discovered = cluster.api_resources();
  if (!discovered) {
    findings.push_back(Finding{"", 0, "", Severity::error,
                               "server dry run failed: " + discovered.error().message});
    return;
  }
  std::map<GroupKind, ApiResource> served;
  for (const auto& resource : *discovered) {
    served.emplace(GroupKind{resource.group, resource.kind}, resource);
  }
  const auto crd_kinds = kinds_declared_by_crds(desired);
  const auto namespaces = declared_namespaces(cluster, desired);
  std::vector<const DesiredObject*> sent;
  std::vector<Json> objects;
  for (const auto& object : desired) {
    const GroupKind group_kind{object.key.group, object.key.kind};
    const auto resource = served.find(group_kind);
    if (resource == served.end()) {
      if (crd_kinds.contains(group_kind)) {
        findings.push_back(object_finding(
            object, Severity::warning,
            "not checked by the server: its CustomResourceDefinition is created by this commit"));
      } else {
        findings.push_back(object_finding(
            object, Severity::error,
            "kind " + object.key.kind +
                (object.key.group.empty() ? "" : " of group " + object.key.group) +
                " is not served by the cluster and no CustomResourceDefinition of this commit "
                "declares it"));
      }
      continue;
    }
    Json json = object.object;
    if (resource->second.namespaced && namespace_of(json).empty()) {
      json["metadata"]["namespace"] = default_namespace.empty() ? "default" : default_namespace;
    }
    const auto ns = resource->second.namespaced ? namespace_of(json) : std::string();
    if (const auto declared = namespaces.find(ns);
        declared != namespaces.end() && !declared->second) {
      findings.push_back(object_finding(
          object, Severity::warning,
          "not checked by the server: its namespace " + ns + " is created by this commit"));
      continue;
    }
    sent.push_back(&object);
    objects.push_back(std::move(json));
  }
  auto results = cluster.apply(objects, DryRun::server);
  if (!results) {
    findings.push_back(
        Finding{"", 0, "", Severity::error, "server dry run failed: " + results.error().message});
    return;
  }
  for (std::size_t i = 0; i < results->size() && i < sent.size(); ++i) {
    auto error = (*results)[i].error;
    if (!error.empty() && objects.size() > 1) {
      // kubectl returns nothing of a batch in which any object fails: alone,
      // the object shows whether the failure is its own.
      auto alone = cluster.apply({objects[i]}, DryRun::server);
      error = !alone ? alone.error().message : alone->empty() ? error : alone->front().error;
    }
    if (!error.empty()) {
      findings.push_back(object_finding(*sent[i], Severity::error, "server dry run: " + error));
    }
  }
}

}  // namespace kgitops
