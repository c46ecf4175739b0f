#include "cluster/builtin_kinds.hpp"

#include <stdexcept>
#include <string>

namespace kgitops {

const std::vector<ApiResource>& builtin_kinds() {
  static const std::vector<ApiResource> kinds = {
      {"", "v1", "Namespace", "namespaces", false},
      {"", "v1", "ConfigMap", "configmaps", true},
      {"", "v1", "Secret", "secrets", true},
      {"", "v1", "Service", "services", true},
      {"", "v1", "ServiceAccount", "serviceaccounts", true},
      {"", "v1", "Pod", "pods", true},
      {"", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true},
      {"", "v1", "PersistentVolume", "persistentvolumes", false},
      {"", "v1", "ResourceQuota", "resourcequotas", true},
      {"", "v1", "LimitRange", "limitranges", true},
      {"", "v1", "ReplicationController", "replicationcontrollers", true},
      {"apps", "v1", "Deployment", "deployments", true},
      {"apps", "v1", "StatefulSet", "statefulsets", true},
      {"apps", "v1", "DaemonSet", "daemonsets", true},
      {"apps", "v1", "ReplicaSet", "replicasets", true},
      {"batch", "v1", "Job", "jobs", true},
      {"batch", "v1", "CronJob", "cronjobs", true},
      {"autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true},
      {"policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true},
      {"networking.k8s.io", "v1", "Ingress", "ingresses", true},
      {"networking.k8s.io", "v1", "IngressClass", "ingressclasses", false},
      {"networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true},
      {"rbac.authorization.k8s.io", "v1", "Role", "roles", true},
      {"rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true},
      {"rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false},
      {"rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false},
      {"storage.k8s.io", "v1", "StorageClass", "storageclasses", false},
      {"apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions",
       false},
      {"apiregistration.k8s.io", "v1", "APIService", "apiservices", false},
      {"admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration",
       "mutatingwebhookconfigurations", false},
      {"admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration",
       "validatingwebhookconfigurations", false},
  };
  return kinds;
}

const ApiResource& builtin_kind(std::string_view group, std::string_view kind) {
  for (const auto& resource : builtin_kinds()) {
    if (resource.group == group && resource.kind == kind) {
      return resource;
    }
  }
  throw std::out_of_range("not a built-in kind: " + std::string(group) + "/" + std::string(kind));
}

}  // namespace kgitops
