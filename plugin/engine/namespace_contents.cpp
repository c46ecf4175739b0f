#include "engine/namespace_contents.hpp"

#include <set>

#include "core/constants.hpp"
#include "engine/ownership.hpp"

namespace kgitops {
namespace {

// Made by the cluster's own controllers in every namespace.
bool made_by_cluster(const Json& object, const std::set<std::string>& services) {
  const auto kind = kind_of(object);
  const auto name = name_of(object);
  return (kind == "ServiceAccount" && name == "default") ||
         (kind == "ConfigMap" && name == "kube-root-ca.crt") ||
         (kind == "Endpoints" && services.contains(name)) ||
         object.value("type", "") == "kubernetes.io/service-account-token";
}

}  // namespace

std::vector<std::string> strangers_in_namespace(const std::vector<Json>& objects,
                                                const std::string& app) {
  std::set<std::string> services;
  for (const auto& object : objects) {
    if (kind_of(object) == "Service") {
      services.insert(name_of(object));
    }
  }
  std::vector<std::string> strangers;
  for (const auto& object : objects) {
    if (kind_of(object) == "Event" || made_by_a_controller(object) ||
        made_by_cluster(object, services)) {
      continue;
    }
    const auto key = key_of(object);
    const auto holder = holder_of(object, app);
    const auto described = key.kind + " " + key.ns + "/" + key.name;
    if (holder != "app " + app) {
      strangers.push_back(described + " (" + holder + ")");
    } else if (annotation_of(object, keys::k_prune_annotation) == keys::k_prune_disabled) {
      strangers.push_back(described + " (opted out of prune)");
    }
  }
  return strangers;
}

std::map<std::string, std::vector<std::string>> inspect_namespaces(
    Cluster& cluster, const Scope& scope, const std::vector<std::string>& namespaces,
    const std::string& app) {
  std::vector<ApiResource> namespaced;
  for (const auto& resource : scope.listable()) {
    if (resource.namespaced) {
      namespaced.push_back(resource);
    }
  }
  std::map<std::string, std::vector<std::string>> strangers;
  for (const auto& ns : namespaces) {
    auto objects = cluster.list_namespace(namespaced, ns);
    if (!objects) {
      strangers[ns] = {"its contents cannot be listed (" + to_string(objects.error()) + ")"};
      continue;
    }
    strangers[ns] = strangers_in_namespace(*objects, app);
  }
  return strangers;
}

}  // namespace kgitops
