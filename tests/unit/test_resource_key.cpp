#include <doctest/doctest.h>

#include "core/resource_key.hpp"

using namespace kgitops;

TEST_CASE("group_of splits the API group from the version") {
  CHECK(group_of("apps/v1") == "apps");
  CHECK(group_of("v1").empty());
  CHECK(group_of("rbac.authorization.k8s.io/v1") == "rbac.authorization.k8s.io");
}

TEST_CASE("tracking_id follows <app>:<group>/<Kind>:<namespace>/<name>") {
  CHECK(tracking_id("web", {"apps", "Deployment", "prod", "web"}) ==
        "web:apps/Deployment:prod/web");
  CHECK(tracking_id("web", {"", "Namespace", "", "prod"}) == "web:/Namespace:/prod");
}

TEST_CASE("group_kind is the ApplySet form") {
  CHECK(group_kind({"apps", "Deployment", "a", "b"}) == "Deployment.apps");
  CHECK(group_kind({"", "Service", "a", "b"}) == "Service");
}
