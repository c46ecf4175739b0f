#include "engine/scope.hpp"

#include <cctype>

namespace kgitops {
namespace {

// The core kinds, for offline use (validate) when no cluster answers.
std::vector<ApiResource> builtin_resources() {
  return {
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
}

}  // namespace

Scope::Scope(const std::vector<Manifest>& manifests, UnknownKinds unknown_kinds)
    : m_unknown_kinds(unknown_kinds) {
  for (auto& resource : builtin_resources()) {
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
