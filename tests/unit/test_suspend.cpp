#include <doctest/doctest.h>

#include "core/constants.hpp"
#include "engine/inventory.hpp"
#include "engine/suspend.hpp"
#include "fake_cluster.hpp"

using namespace kgitops;

namespace {

const ResourceKey k_inventory_key{"", "ConfigMap", "kubectl-gitops", "gitops-web"};

Json inventory_annotations(kgitops::testing::FakeCluster& cluster) {
  return cluster.objects.at(k_inventory_key)["metadata"].value("annotations", Json::object());
}

}  // namespace

TEST_CASE("suspend annotates the inventory ConfigMap, resume removes the annotation") {
  kgitops::testing::FakeCluster cluster;
  Inventory inventory;
  inventory.app = "web";
  REQUIRE(store_inventory(cluster, inventory, std::nullopt));
  REQUIRE(set_suspended(cluster, "web", true));
  CHECK(inventory_annotations(cluster)[std::string(keys::k_suspended_annotation)] == "true");
  REQUIRE(set_suspended(cluster, "web", false));
  CHECK_FALSE(inventory_annotations(cluster).contains(std::string(keys::k_suspended_annotation)));
}

TEST_CASE("an app never synced cannot be suspended") {
  kgitops::testing::FakeCluster cluster;
  auto result = set_suspended(cluster, "web", true);
  REQUIRE_FALSE(result);
  CHECK(result.error().message.find("sync it first") != std::string::npos);
}
