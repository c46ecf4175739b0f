#include <doctest/doctest.h>

#include "validate/binding_check.hpp"

using namespace kgitops;

namespace {

Json binding(const std::string& kind, const std::string& role_kind, const std::string& role) {
  return Json{
      {"apiVersion", "rbac.authorization.k8s.io/v1"},
      {"kind", kind},
      {"metadata", {{"name", "b"}}},
      {"roleRef", {{"apiGroup", "rbac.authorization.k8s.io"}, {"kind", role_kind}, {"name", role}}},
      {"subjects", Json::array()}};
}

}  // namespace

TEST_CASE("a binding to the ClusterRole cluster-admin deserves a warning") {
  const auto cluster_wide =
      cluster_admin_binding_problem(binding("ClusterRoleBinding", "ClusterRole", "cluster-admin"));
  REQUIRE(cluster_wide.has_value());
  CHECK(cluster_wide->find("ClusterRoleBinding b binds the ClusterRole cluster-admin") == 0);
  CHECK(cluster_wide->find("in the cluster") != std::string::npos);
  const auto in_namespace =
      cluster_admin_binding_problem(binding("RoleBinding", "ClusterRole", "cluster-admin"));
  REQUIRE(in_namespace.has_value());
  CHECK(in_namespace->find("RoleBinding b binds") == 0);
  auto namespaced = binding("RoleBinding", "ClusterRole", "cluster-admin");
  namespaced["metadata"]["namespace"] = "team-a";
  CHECK(cluster_admin_binding_problem(namespaced)->find("RoleBinding team-a/b binds") == 0);
  CHECK(in_namespace->find("in its namespace") != std::string::npos);
}

TEST_CASE("other bindings and other objects pass") {
  CHECK_FALSE(cluster_admin_binding_problem(binding("ClusterRoleBinding", "ClusterRole", "view")));
  // A Role of the same name is the namespace's own, not the cluster's.
  CHECK_FALSE(cluster_admin_binding_problem(binding("RoleBinding", "Role", "cluster-admin")));
  auto other_group = binding("ClusterRoleBinding", "ClusterRole", "cluster-admin");
  other_group["apiVersion"] = "example.com/v1";
  CHECK_FALSE(cluster_admin_binding_problem(other_group));
  CHECK_FALSE(cluster_admin_binding_problem(Json{{"kind", "ConfigMap"}}));
  CHECK_FALSE(cluster_admin_binding_problem(Json{{"kind", 3}, {"roleRef", "x"}}));
  auto odd = binding("RoleBinding", "ClusterRole", "cluster-admin");
  odd["roleRef"] = Json::array();
  CHECK_FALSE(cluster_admin_binding_problem(odd));
  CHECK_FALSE(cluster_admin_binding_problem(Json::array()));
}
