#include "validate/binding_check.hpp"

namespace kgitops {

namespace {

constexpr std::string_view k_rbac_group = "rbac.authorization.k8s.io";
constexpr std::string_view k_cluster_admin = "cluster-admin";

}  // namespace

std::optional<std::string> cluster_admin_binding_problem(const Json& object) {
  if (!object.is_object()) {
    return std::nullopt;
  }
  const auto kind =
      object.value("kind", Json()).is_string() ? object["kind"].get<std::string>() : std::string();
  const auto api_version = object.value("apiVersion", Json());
  if ((kind != "ClusterRoleBinding" && kind != "RoleBinding") || !api_version.is_string() ||
      !api_version.get<std::string>().starts_with(std::string(k_rbac_group) + "/")) {
    return std::nullopt;
  }
  const auto role = object.value("roleRef", Json());
  if (!role.is_object() || role.value("kind", Json()) != "ClusterRole" ||
      role.value("name", Json()) != std::string(k_cluster_admin)) {
    return std::nullopt;
  }
  const auto metadata = object.value("metadata", Json::object());
  const auto text = [&](const char* key) {
    const auto value = metadata.is_object() ? metadata.value(key, Json()) : Json();
    return value.is_string() ? value.get<std::string>() : std::string();
  };
  const auto ns = text("namespace");
  return kind + " " + (ns.empty() ? "" : ns + "/") + text("name") +
         " binds the ClusterRole cluster-admin: its subjects may do anything" +
         (kind == "RoleBinding" ? " in its namespace" : " in the cluster") +
         "; bind a narrower role";
}

}  // namespace kgitops
