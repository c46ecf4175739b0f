#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "api_resources_tables.hpp"
#include "cluster/api_resources_table.hpp"

using namespace kgitops;
using test::k_api_resources;
using test::k_wide_api_resources;

namespace {

const ApiResource* find(const std::vector<ApiResource>& resources, const std::string& group,
                        const std::string& kind) {
  for (const auto& resource : resources) {
    if (resource.group == group && resource.kind == kind) {
      return &resource;
    }
  }
  return nullptr;
}

}  // namespace

TEST_CASE("parse_api_resources reads kubectl's table by column position") {
  auto resources = parse_api_resources(k_api_resources.substr(1));
  REQUIRE(resources.has_value());
  CHECK(resources->size() == 46);

  const auto* bindings = find(*resources, "", "Binding");
  REQUIRE(bindings != nullptr);
  CHECK(bindings->resource == "bindings");
  CHECK(bindings->version == "v1");
  CHECK(bindings->namespaced);

  const auto* namespaces = find(*resources, "", "Namespace");
  REQUIRE(namespaces != nullptr);
  CHECK_FALSE(namespaces->namespaced);

  const auto* deployments = find(*resources, "apps", "Deployment");
  REQUIRE(deployments != nullptr);
  CHECK(deployments->resource == "deployments");
  CHECK(deployments->version == "v1");
  CHECK(deployments->namespaced);

  const auto* hpa = find(*resources, "autoscaling", "HorizontalPodAutoscaler");
  REQUIRE(hpa != nullptr);
  CHECK(hpa->version == "v2");

  const auto* crds = find(*resources, "apiextensions.k8s.io", "CustomResourceDefinition");
  REQUIRE(crds != nullptr);
  CHECK(crds->resource == "customresourcedefinitions");
  CHECK_FALSE(crds->namespaced);

  const auto* roles = find(*resources, "rbac.authorization.k8s.io", "ClusterRole");
  REQUIRE(roles != nullptr);
  CHECK(roles->resource == "clusterroles");
  CHECK_FALSE(roles->namespaced);

  const auto* certificates = find(*resources, "cert-manager.io", "Certificate");
  REQUIRE(certificates != nullptr);
  CHECK(certificates->resource == "certificates");
  CHECK(certificates->namespaced);

  // A kind served by two groups is listed once per group.
  CHECK(find(*resources, "", "Event") != nullptr);
  CHECK(find(*resources, "events.k8s.io", "Event") != nullptr);
}

TEST_CASE("parse_api_resources: no blank cell shifts the columns") {
  auto resources = parse_api_resources(k_api_resources.substr(1));
  REQUIRE(resources.has_value());
  for (const auto& resource : *resources) {
    CAPTURE(resource.resource);
    CHECK(resource.resource.find(' ') == std::string::npos);
    CHECK(resource.kind.find(' ') == std::string::npos);
    CHECK_FALSE(resource.version.empty());
    CHECK(resource.version.find('/') == std::string::npos);
    CHECK(std::isupper(static_cast<unsigned char>(resource.kind.front())) != 0);
  }
}

TEST_CASE("parse_api_resources rejects what is not its table") {
  CHECK_FALSE(parse_api_resources("").has_value());
  auto wrong = parse_api_resources("NAME   KIND\npods   Pod\n");
  REQUIRE_FALSE(wrong.has_value());
  CHECK(wrong.error().message.find("header") != std::string::npos);
  auto header_only = parse_api_resources("NAME   SHORTNAMES   APIVERSION   NAMESPACED   KIND\n");
  REQUIRE(header_only.has_value());
  CHECK(header_only->empty());
  auto truncated =
      parse_api_resources("NAME   SHORTNAMES   APIVERSION   NAMESPACED   KIND\npods   po\n");
  CHECK_FALSE(truncated.has_value());
}

TEST_CASE("parse_api_resources reads the wide table's verbs: what can be listed") {
  auto resources = parse_api_resources(k_wide_api_resources.substr(1));
  REQUIRE(resources.has_value());
  REQUIRE(resources->size() == 5);
  CHECK_FALSE((*resources)[0].listable);
  CHECK((*resources)[1].listable);
  CHECK((*resources)[1].kind == "ConfigMap");
  CHECK((*resources)[2].listable);
  CHECK_FALSE((*resources)[2].namespaced);
  CHECK((*resources)[3].listable);
  CHECK((*resources)[3].kind == "Pod");
  // Without -o wide every kind counts as listable.
  auto narrow = parse_api_resources(k_api_resources.substr(1));
  REQUIRE(narrow.has_value());
  CHECK(std::all_of(narrow->begin(), narrow->end(), [](const auto& r) { return r.listable; }));
}
