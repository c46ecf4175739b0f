#include <doctest/doctest.h>

#include <set>
#include <stdexcept>
#include <utility>

#include "cluster/builtin_kinds.hpp"

using namespace kgitops;

TEST_CASE("builtin_kinds: each kind once, with its plural and scope") {
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& kind : builtin_kinds()) {
    CAPTURE(kind.kind);
    CHECK(seen.emplace(kind.group, kind.kind).second);
    CHECK_FALSE(kind.resource.empty());
    CHECK_FALSE(kind.version.empty());
    CHECK(kind.listable);
  }
  CHECK(builtin_kind("", "Namespace").resource == "namespaces");
  CHECK_FALSE(builtin_kind("", "Namespace").namespaced);
  CHECK(builtin_kind("", "ConfigMap").namespaced);
  CHECK(builtin_kind("apps", "Deployment").qualified_resource() == "deployments.apps");
  CHECK_FALSE(builtin_kind("rbac.authorization.k8s.io", "ClusterRole").namespaced);
}

TEST_CASE("builtin_kind: a kind the table lacks is a programming error") {
  CHECK_THROWS_AS(builtin_kind("", "Deployment"), std::out_of_range);
  CHECK_THROWS_AS(builtin_kind("example.com", "Widget"), std::out_of_range);
}
