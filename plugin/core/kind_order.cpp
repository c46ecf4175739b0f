#include "core/kind_order.hpp"

#include <array>
#include <string_view>
#include <tuple>

namespace kgitops {
namespace {

// Dependencies first: a Namespace before what lives in it, a CRD before its
// custom resources, RBAC and configuration before the workloads that use them.
constexpr std::array<std::string_view, 36> k_kind_order = {
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
};

}  // namespace

int kind_rank(const std::string& kind) {
  for (std::size_t i = 0; i < k_kind_order.size(); ++i) {
    if (k_kind_order[i] == kind) {
      return static_cast<int>(i);
    }
  }
  return static_cast<int>(k_kind_order.size());
}

bool is_foundation_kind(const std::string& kind) {
  return kind == "Namespace" || kind == "CustomResourceDefinition";
}

bool apply_before(int wave_a, const ResourceKey& a, int wave_b, const ResourceKey& b) {
  return std::forward_as_tuple(wave_a, kind_rank(a.kind), a.group, a.kind, a.ns, a.name) <
         std::forward_as_tuple(wave_b, kind_rank(b.kind), b.group, b.kind, b.ns, b.name);
}

}  // namespace kgitops
