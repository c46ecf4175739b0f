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

Finding run_failure(const Error& error) {
  return Finding{"", 0, "", Severity::error, "server dry run failed: " + to_string(error)};
}

std::map<GroupKind, ApiResource> served_kinds(const std::vector<ApiResource>& discovered) {
  std::map<GroupKind, ApiResource> served;
  for (const auto& resource : discovered) {
    served.emplace(GroupKind{resource.group, resource.kind}, resource);
  }
  return served;
}

// An object of a kind the server does not serve: a warning when the commit
// brings its CustomResourceDefinition, an error otherwise.
Finding unserved_finding(const DesiredObject& object, const CommitPrerequisites& prerequisites) {
  if (prerequisites.declares_kind(object.key.group, object.key.kind)) {
    return object_finding(
        object, Severity::warning,
        "not checked by the server: its CustomResourceDefinition is created by this commit");
  }
  return object_finding(object, Severity::error,
                        "kind " + object.key.kind +
                            (object.key.group.empty() ? "" : " of group " + object.key.group) +
                            " is not served by the cluster and no CustomResourceDefinition of "
                            "this commit declares it");
}

// The objects sent to the server, each beside the desired object it came from.
struct DryRunBatch {
  std::vector<const DesiredObject*> sent;
  std::vector<Json> objects;
};

// What the server can check now: not what waits for a kind or a namespace
// this commit creates, which gets a finding instead.
DryRunBatch checkable_objects(const std::vector<DesiredObject>& desired,
                              const std::map<GroupKind, ApiResource>& served,
                              const CommitPrerequisites& prerequisites,
                              const std::string& default_namespace,
                              std::vector<Finding>& findings) {
  DryRunBatch batch;
  for (const auto& object : desired) {
    const auto resource = served.find(GroupKind{object.key.group, object.key.kind});
    if (resource == served.end()) {
      findings.push_back(unserved_finding(object, prerequisites));
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
    batch.sent.push_back(&object);
    batch.objects.push_back(std::move(json));
  }
  return batch;
}

// A finding for each object the server refused.
void report_refusals(Cluster& cluster, const DryRunBatch& batch,
                     const std::vector<ApplyResult>& results, std::vector<Finding>& findings) {
  for (std::size_t i = 0; i < results.size() && i < batch.sent.size(); ++i) {
    auto error = results[i].error;
    if (!error.empty() && batch.objects.size() > 1) {
      // kubectl returns nothing of a batch in which any object fails: alone,
      // the object shows whether the failure is its own.
      auto alone = cluster.apply({batch.objects[i]}, DryRun::server);
      error = !alone ? to_string(alone.error()) : alone->empty() ? error : alone->front().error;
    }
    if (!error.empty()) {
      findings.push_back(
          object_finding(*batch.sent[i], Severity::error, "server dry run: " + error));
    }
  }
}

}  // namespace

void check_with_server(Cluster& cluster, const std::vector<DesiredObject>& desired,
                       const std::string& default_namespace, std::vector<Finding>& findings) {
  auto discovered = cluster.api_resources();
  if (!discovered) {
    findings.push_back(run_failure(discovered.error()));
    return;
  }
  const CommitPrerequisites prerequisites(cluster, desired);
  const auto batch = checkable_objects(desired, served_kinds(*discovered), prerequisites,
                                       default_namespace, findings);
  auto results = cluster.apply(batch.objects, DryRun::server);
  if (!results) {
    findings.push_back(run_failure(results.error()));
    return;
  }
  report_refusals(cluster, batch, *results, findings);
}

}  // namespace kgitops
