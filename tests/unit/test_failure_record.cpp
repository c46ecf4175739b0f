#include <doctest/doctest.h>

#include <string>

#include "engine/inventory.hpp"
#include "fake_cluster.hpp"
#include "watch/failure_record.hpp"

using namespace kgitops;
using kgitops::testing::FakeCluster;

namespace {

AppSpec shop() {
  AppSpec app;
  app.name = "shop";
  app.source = SourceSpec{"https://bot:hidden@git.example.com/shop.git", "main"};
  app.path = "deploy";
  app.default_namespace = "prod";
  return app;
}

Inventory stored(FakeCluster& cluster) {
  auto loaded = load_inventory(cluster, "shop");
  REQUIRE(loaded.has_value());
  REQUIRE(loaded->has_value());
  return **loaded;
}

}  // namespace

TEST_CASE("record_failure marks a synced app Failed and keeps what it owns and its last commit") {
  FakeCluster cluster;
  Inventory inventory;
  inventory.app = "shop";
  inventory.repo = "https://git.example.com/shop.git";
  inventory.members = {ResourceKey{"apps", "Deployment", "prod", "web"}};
  inventory.last_commit = "0123456789abcdef0123456789abcdef01234567";
  inventory.last_result = "Succeeded";
  REQUIRE(store_inventory(cluster, inventory, std::nullopt).has_value());

  REQUIRE(record_failure(cluster, shop(), "cannot fetch: repository not found").has_value());
  const auto failed = stored(cluster);
  CHECK(failed.last_result == "Failed");
  CHECK(failed.last_message == "cannot fetch: repository not found");
  CHECK(failed.members == inventory.members);
  CHECK(failed.last_commit == inventory.last_commit);

  // The same failure again writes nothing.
  const auto writes = cluster.applies;
  REQUIRE(record_failure(cluster, shop(), "cannot fetch: repository not found").has_value());
  CHECK(cluster.applies == writes);
}

TEST_CASE("record_failure gives an app never synced an inventory of no members, URL redacted") {
  FakeCluster cluster;
  REQUIRE(record_failure(cluster, shop(), "invalid UTF-8 in v: \"caf\xe9\"").has_value());
  const auto failed = stored(cluster);
  CHECK(failed.last_result == "Failed");
  CHECK(failed.last_message == "invalid UTF-8 in v: \"caf\xef\xbf\xbd\"");
  CHECK(failed.members.empty());
  CHECK(failed.repo == "https://git.example.com/shop.git");
  CHECK(failed.revision == "main");
  CHECK(failed.path == "deploy");
  CHECK(failed.default_namespace == "prod");
}

TEST_CASE("record_failure stamps the agent that records it, and keeps the stamp without one") {
  FakeCluster cluster;
  REQUIRE(record_failure(cluster, shop(), "x", "host_1").has_value());
  CHECK(stored(cluster).agent == "host_1");
  REQUIRE(record_failure(cluster, shop(), "y").has_value());
  CHECK(stored(cluster).agent == "host_1");
}

TEST_CASE("record_failure fails as the cluster does") {
  FakeCluster cluster;
  cluster.failing_names.insert(inventory_name("shop"));
  CHECK_FALSE(record_failure(cluster, shop(), "x").has_value());
}

TEST_CASE("valid_utf8 keeps UTF-8 as it is and replaces every other byte") {
  CHECK(valid_utf8("café ✓") == "café ✓");
  CHECK(valid_utf8("a\xff"
                   "b\xc3") ==
        "a\xef\xbf\xbd"
        "b\xef\xbf\xbd");
}
