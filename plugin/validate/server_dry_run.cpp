#include "validate/server_dry_run.hpp"

#include <map>
#include <utility>

#include "engine/commit_prerequisites.hpp"

namespace kgitops {
namespace {

using GroupKind = std::pair<std::string, std::string>;

Finding object_finding(const DesiredObject& object, Severity severity, std::string message) {
  return Finding{object.source.file, object.source.line, to_string(object.key), severity,
                 std::move(message)};
}

}  // namespace

void check_with_server(Cluster& cluster, const std::vector<DesiredObject>& desired,
                       const std::string& default_namespace, std::vector<Finding>& findings) {
  auto discovered = cluster.api_resources();
  if (!discovered) {
    findings.push_back(Finding{"", 0, "", Severity::error,
                               "server dry run failed: " + to_string(discovered.error())});
    return;
  }
  std::map<GroupKind, ApiResource> served;
  for (const auto& resource : *discovered) {
    served.emplace(GroupKind{resource.group, resource.kind}, resource);
  }
  const CommitPrerequisites prerequisites(cluster, desired);
  std::vector<const DesiredObject*> sent;
  std::vector<Json> objects;
  for (const auto& object : desired) {
    const GroupKind group_kind{object.key.group, object.key.kind};
    const auto resource = served.find(group_kind);
    if (resource == served.end()) {
      if (prerequisites.declares_kind(object.key.group, object.key.kind)) {
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
    if (prerequisites.creates_namespace(ns)) {
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
    findings.push_back(Finding{"", 0, "", Severity::error,
                               "server dry run failed: " + to_string(results.error())});
    return;
  }
  for (std::size_t i = 0; i < results->size() && i < sent.size(); ++i) {
    auto error = (*results)[i].error;
    if (!error.empty() && objects.size() > 1) {
      // kubectl returns nothing of a batch in which any object fails: alone,
      // the object shows whether the failure is its own.
      auto alone = cluster.apply({objects[i]}, DryRun::server);
      error = !alone ? to_string(alone.error()) : alone->empty() ? error : alone->front().error;
    }
    if (!error.empty()) {
      findings.push_back(object_finding(*sent[i], Severity::error, "server dry run: " + error));
    }
  }
}

}  // namespace kgitops
