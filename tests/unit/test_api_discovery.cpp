#include <doctest/doctest.h>

#include "cluster/api_discovery.hpp"

using namespace kgitops;

namespace {

const char* const k_apis = R"({
  "kind": "APIGroupDiscoveryList", "apiVersion": "apidiscovery.k8s.io/v2",
  "items": [
    {"metadata": {"name": "apps"}, "versions": [
      {"version": "v1", "resources": [
        {"resource": "deployments", "responseKind": {"group": "apps", "version": "v1", "kind": "Deployment"},
         "scope": "Namespaced", "verbs": ["create", "delete", "get", "list", "patch", "watch"]}]}]},
    {"metadata": {"name": "example.com"}, "versions": [
      {"version": "v2", "resources": [
        {"resource": "widgets", "responseKind": {"group": "example.com", "version": "v2", "kind": "Widget"},
         "scope": "Cluster", "verbs": ["get", "list"]}]},
      {"version": "v1", "resources": [
        {"resource": "gadgets", "responseKind": {"group": "example.com", "version": "v1", "kind": "Gadget"},
         "scope": "Cluster", "verbs": ["get", "list"]}]}]},
    {"metadata": {"name": "authorization.k8s.io"}, "versions": [
      {"version": "v1", "resources": [
        {"resource": "subjectaccessreviews", "responseKind": {"group": "authorization.k8s.io", "version": "v1", "kind": "SubjectAccessReview"},
         "scope": "Cluster", "verbs": ["create"]},
        {"resource": "broken", "scope": "Cluster", "verbs": ["list"]}]}]}
  ]})";

}  // namespace

TEST_CASE("aggregated discovery gives each group's kinds at its preferred version") {
  auto resources = parse_aggregated_discovery(k_apis);
  REQUIRE(resources);
  REQUIRE(resources->size() == 3);
  const auto& deployments = (*resources)[0];
  CHECK(deployments.group == "apps");
  CHECK(deployments.version == "v1");
  CHECK(deployments.kind == "Deployment");
  CHECK(deployments.resource == "deployments");
  CHECK(deployments.namespaced);
  CHECK(deployments.listable);
  // The first version listed is the preferred one; other versions' kinds are left out.
  CHECK((*resources)[1].kind == "Widget");
  CHECK((*resources)[1].version == "v2");
  CHECK_FALSE((*resources)[1].namespaced);
  // Create-only kinds cannot be listed; a resource without a kind is skipped.
  CHECK((*resources)[2].kind == "SubjectAccessReview");
  CHECK_FALSE((*resources)[2].listable);
}

TEST_CASE("the core group has no name") {
  auto resources = parse_aggregated_discovery(R"({"kind":"APIGroupDiscoveryList","items":[
    {"metadata":{},"versions":[{"version":"v1","resources":[
      {"resource":"configmaps","responseKind":{"group":"","version":"v1","kind":"ConfigMap"},
       "scope":"Namespaced","verbs":["list"]}]}]}]})");
  REQUIRE(resources);
  REQUIRE(resources->size() == 1);
  CHECK((*resources)[0].group.empty());
  CHECK((*resources)[0].qualified_resource() == "configmaps");
}

TEST_CASE("what is not an APIGroupDiscoveryList is an error, never an exception") {
  for (
      const auto* body :
      {"", "not json", "[]", R"({"kind":"APIGroupList","groups":[]})",
       R"({"kind":"APIGroupDiscoveryList","items":{}})",
       R"({"kind":"APIGroupDiscoveryList","items":[{"metadata":{"name":7},"versions":[{"version":"v1","resources":[]}]}]})",
       R"({"kind":"APIGroupDiscoveryList","items":[{"versions":[{"version":3,"resources":[]}]}]})",
       R"({"kind":5})"}) {
    CAPTURE(body);
    CHECK_FALSE(parse_aggregated_discovery(body).has_value());
  }
}
