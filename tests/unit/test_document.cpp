#include <doctest/doctest.h>

#include "output/document.hpp"

using namespace kgitops;

TEST_CASE("versioned adds apiVersion and kind and keeps every other field") {
  const auto document = versioned("SyncReport", Json{{"app", "shop"}, {"dryRun", false}});
  CHECK(document == Json{{"apiVersion", "gitops.kubectl.dev/v1"},
                         {"kind", "SyncReport"},
                         {"app", "shop"},
                         {"dryRun", false}});
}

TEST_CASE("an object is named by group, kind, namespace and name; empty strings when none") {
  CHECK(object_fields({"apps", "Deployment", "prod", "web"}) ==
        Json{{"group", "apps"}, {"kind", "Deployment"}, {"namespace", "prod"}, {"name", "web"}});
  CHECK(object_fields({"", "Namespace", "", "prod"}) ==
        Json{{"group", ""}, {"kind", "Namespace"}, {"namespace", ""}, {"name", "prod"}});
}

TEST_CASE("object_entry adds its fields to the object's name") {
  const auto entry = object_entry({"", "ConfigMap", "prod", "settings"}, {{"reason", "why"}});
  CHECK(entry["kind"] == "ConfigMap");
  CHECK(entry["name"] == "settings");
  CHECK(entry["reason"] == "why");
  CHECK(entry.size() == 5);
}
