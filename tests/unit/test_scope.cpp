#include <doctest/doctest.h>

#include <vector>

#include "engine/scope.hpp"

using namespace kgitops;

namespace {

Manifest crd(const std::string& group, const std::string& kind, const std::string& plural,
             const char* scope, Json versions) {
  Json object{{"apiVersion", "apiextensions.k8s.io/v1"},
              {"kind", "CustomResourceDefinition"},
              {"metadata", {{"name", plural + "." + group}}},
              {"spec",
               {{"group", group},
                {"names", {{"kind", kind}, {"plural", plural}}},
                {"versions", std::move(versions)}}}};
  if (scope != nullptr) {
    object["spec"]["scope"] = scope;
  }
  return Manifest{object, {"crds/" + plural + ".yaml", 1}};
}

Json served_versions(const char* first, bool first_stored, const char* second, bool second_stored) {
  return Json::array({{{"name", first}, {"served", true}, {"storage", first_stored}},
                      {{"name", second}, {"served", true}, {"storage", second_stored}}});
}

}  // namespace

TEST_CASE("offline, the built-in table knows the core kinds and their scope") {
  const Scope scope(std::vector<Manifest>{});
  const auto deployments = scope.find("apps", "Deployment");
  REQUIRE(deployments.has_value());
  CHECK(deployments->resource == "deployments");
  CHECK(deployments->version == "v1");
  CHECK(deployments->namespaced);

  const auto namespaces = scope.find("", "Namespace");
  REQUIRE(namespaces.has_value());
  CHECK_FALSE(namespaces->namespaced);

  const auto roles = scope.find("rbac.authorization.k8s.io", "ClusterRole");
  REQUIRE(roles.has_value());
  CHECK_FALSE(roles->namespaced);
  CHECK(scope.find("rbac.authorization.k8s.io", "RoleBinding")->namespaced);
  CHECK(scope.find("", "ConfigMap")->namespaced);
  CHECK_FALSE(scope.find("", "PersistentVolume")->namespaced);
  CHECK_FALSE(scope.find("apiextensions.k8s.io", "CustomResourceDefinition")->namespaced);
  CHECK(scope.find("networking.k8s.io", "Ingress")->namespaced);
}

TEST_CASE("a kind is found only under its own group") {
  const Scope scope(std::vector<Manifest>{});
  CHECK_FALSE(scope.find("", "Deployment").has_value());
  CHECK_FALSE(scope.find("extensions", "Deployment").has_value());
  CHECK_FALSE(scope.find("example.com", "Widget").has_value());
}

TEST_CASE("offline, nothing is served") {
  const Scope scope(std::vector<Manifest>{});
  CHECK_FALSE(scope.served("apps", "Deployment"));
}

TEST_CASE("a CRD in the manifests declares its kind, scope and storage version") {
  const std::vector<Manifest> manifests{
      crd("example.com", "Widget", "widgets", "Namespaced",
          served_versions("v1", false, "v2", true)),
      crd("example.com", "Gadget", "gadgets", "Cluster", served_versions("v1", true, "v2", false)),
      crd("example.com", "Doohickey", "doohickeys", nullptr,
          served_versions("v1", false, "v1beta1", false))};
  const Scope scope(manifests);

  const auto widgets = scope.find("example.com", "Widget");
  REQUIRE(widgets.has_value());
  CHECK(widgets->resource == "widgets");
  CHECK(widgets->namespaced);
  CHECK(widgets->version == "v2");

  const auto gadgets = scope.find("example.com", "Gadget");
  REQUIRE(gadgets.has_value());
  CHECK_FALSE(gadgets->namespaced);
  CHECK(gadgets->version == "v1");

  const auto doohickeys = scope.find("example.com", "Doohickey");
  REQUIRE(doohickeys.has_value());
  CHECK(doohickeys->namespaced);  // scope defaults to Namespaced
  CHECK(doohickeys->version == "v1");
  CHECK(scope.find("apps", "Deployment").has_value());  // built-ins still there
}

TEST_CASE("a CRD without names is ignored") {
  Manifest broken = crd("example.com", "Widget", "widgets", "Cluster", Json::array());
  broken.object["spec"].erase("names");
  const Scope scope(std::vector<Manifest>{broken});
  CHECK_FALSE(scope.find("example.com", "Widget").has_value());
}

TEST_CASE("with discovery, served kinds come from the cluster and CRDs only add unknown ones") {
  const std::vector<ApiResource> discovered{
      {"", "v1", "ConfigMap", "configmaps", true},
      {"apps", "v1", "Deployment", "deployments", true},
      {"example.com", "v1", "Gadget", "gadgets", true},
  };
  const std::vector<Manifest> manifests{
      crd("example.com", "Widget", "widgets", "Cluster", served_versions("v1", true, "v2", false)),
      crd("example.com", "Gadget", "gadgets", "Cluster", served_versions("v1", true, "v2", false))};
  const Scope scope(discovered, manifests);

  CHECK(scope.served("apps", "Deployment"));
  CHECK(scope.served("", "ConfigMap"));
  CHECK(scope.served("example.com", "Gadget"));
  // Known from the render, not served yet: a first sync creates its CRD.
  REQUIRE(scope.find("example.com", "Widget").has_value());
  CHECK_FALSE(scope.served("example.com", "Widget"));
  CHECK_FALSE(scope.find("example.com", "Widget")->namespaced);
  // What the cluster serves wins over the repository's copy of the CRD.
  CHECK(scope.find("example.com", "Gadget")->namespaced);
  // No built-in table when a cluster answers: only what it serves.
  CHECK_FALSE(scope.find("batch", "Job").has_value());
}

TEST_CASE("a kind discovered twice keeps its first (preferred) entry") {
  const std::vector<ApiResource> discovered{
      {"autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true},
      {"autoscaling", "v1", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true}};
  const Scope scope(discovered, {});
  CHECK(scope.find("autoscaling", "HorizontalPodAutoscaler")->version == "v2");
}

TEST_CASE("offline, unknown kinds are refused unless the scope allows them") {
  CHECK_FALSE(Scope(std::vector<Manifest>{}).allows_unknown_kinds());
  const Scope lenient(std::vector<Manifest>{}, UnknownKinds::allow);
  CHECK(lenient.allows_unknown_kinds());
  CHECK_FALSE(lenient.find("example.com", "Widget").has_value());
  CHECK_FALSE(Scope(std::vector<ApiResource>{}, {}).allows_unknown_kinds());
}

TEST_CASE("scopes of one discovery answer agree, and a new answer is read anew") {
  const std::vector<ApiResource> first{{"", "v1", "ConfigMap", "configmaps", true},
                                       {"example.com", "v1", "Widget", "widgets", true}};
  const Scope a(first, {});
  const Scope b(first, {crd("example.com", "Gadget", "gadgets", nullptr,
                            served_versions("v1", true, "v2", false))});
  CHECK(a.find("example.com", "Widget"));
  CHECK(b.served("example.com", "Widget"));
  // A CRD of one render is that scope's alone, and not served yet.
  CHECK(b.find("example.com", "Gadget"));
  CHECK_FALSE(b.served("example.com", "Gadget"));
  CHECK_FALSE(a.find("example.com", "Gadget"));

  // The Widget CRD was deleted and Gadget's established: the next answer says so.
  std::vector<ApiResource> second{{"", "v1", "ConfigMap", "configmaps", true},
                                  {"example.com", "v2", "Gadget", "gadgets", false}};
  const Scope c(second, {});
  CHECK_FALSE(c.find("example.com", "Widget"));
  REQUIRE(c.find("example.com", "Gadget"));
  CHECK(c.find("example.com", "Gadget")->version == "v2");
  CHECK_FALSE(c.find("example.com", "Gadget")->namespaced);
  // Scopes made before keep the answer they were made from.
  CHECK(a.find("example.com", "Widget"));
  CHECK(a.listable().size() == 2);
  CHECK(c.listable().size() == 2);
}
