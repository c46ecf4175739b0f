#include "health/health.hpp"

#include <array>
#include <string_view>
#include <vector>

#include "health/health_fields.hpp"
#include "health/health_rules.hpp"

namespace kgitops {
namespace {

using Rule = Health (*)(const Json&);

struct KindRule {
  std::string_view group;
  std::string_view kind;
  Rule rule;
};

// "extensions" is where Deployments, DaemonSets, ReplicaSets and Ingresses
// lived before apps/v1 and networking.k8s.io/v1; the status fields are the same.
constexpr std::array<KindRule, 15> k_rules = {{
    {"apps", "Deployment", health::deployment_health},
    {"extensions", "Deployment", health::deployment_health},
    {"apps", "StatefulSet", health::statefulset_health},
    {"apps", "DaemonSet", health::daemonset_health},
    {"extensions", "DaemonSet", health::daemonset_health},
    {"apps", "ReplicaSet", health::replicaset_health},
    {"extensions", "ReplicaSet", health::replicaset_health},
    {"", "Pod", health::pod_health},
    {"batch", "Job", health::job_health},
    {"", "PersistentVolumeClaim", health::pvc_health},
    {"", "Service", health::service_health},
    {"networking.k8s.io", "Ingress", health::ingress_health},
    {"extensions", "Ingress", health::ingress_health},
    {"apiextensions.k8s.io", "CustomResourceDefinition", health::crd_health},
    {"apiregistration.k8s.io", "APIService", health::apiservice_health},
}};

// Rank of each state, higher is worse; see the order in health.hpp.
int severity(HealthState state) {
  switch (state) {
    case HealthState::healthy:
      return 0;
    case HealthState::suspended:
      return 1;
    case HealthState::progressing:
      return 2;
    case HealthState::unknown:
      return 3;
    case HealthState::missing:
      return 4;
    case HealthState::degraded:
      return 5;
  }
  return 3;
}

Health deletion_health(const Json& live) {
  std::string message = kind_of(live) + " is being deleted";
  const Json* finalizers = health::field_at(live, {"metadata", "finalizers"});
  if (finalizers != nullptr && finalizers->is_array() && !finalizers->empty()) {
    std::vector<std::string> names;
    for (const auto& finalizer : *finalizers) {
      if (finalizer.is_string()) {
        names.push_back(finalizer.get<std::string>());
      }
    }
    message += " (waiting for finalizers: " + join(names, ", ") + ")";
  }
  return {HealthState::progressing, message};
}

}  // namespace

Health assess_health(const Json& live) {
  if (!live.is_object()) {
    return {HealthState::unknown, "not a Kubernetes object"};
  }
  // Whatever its status says, an object on its way out is not settled yet.
  if (!health::string_at(live, {"metadata", "deletionTimestamp"}).empty()) {
    return deletion_health(live);
  }
  const std::string group = group_of(api_version_of(live));
  const std::string kind = kind_of(live);
  for (const auto& entry : k_rules) {
    if (entry.group == group && entry.kind == kind) {
      return entry.rule(live);
    }
  }
  return health::conditions_health(live);
}

Health missing_health() {
  return {HealthState::missing, "declared in git but not found in the cluster"};
}

HealthState worst(HealthState a, HealthState b) {
  return severity(b) > severity(a) ? b : a;
}

std::string to_string(HealthState state) {
  switch (state) {
    case HealthState::healthy:
      return "Healthy";
    case HealthState::progressing:
      return "Progressing";
    case HealthState::suspended:
      return "Suspended";
    case HealthState::degraded:
      return "Degraded";
    case HealthState::missing:
      return "Missing";
    case HealthState::unknown:
      return "Unknown";
  }
  return "Unknown";
}

}  // namespace kgitops
