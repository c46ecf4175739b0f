#include <doctest/doctest.h>

#include "output/prune_json.hpp"

using namespace kgitops;

TEST_CASE("the PrunePlan document lists deletions, kept objects with why, and the refusal") {
  PrunePlan plan;
  ObjectState old;
  old.key = {"", "ConfigMap", "prod", "old"};
  old.state = SyncState::extra;
  plan.to_delete.push_back(old);
  plan.kept.push_back({{"apps", "Deployment", "prod", "legacy"}, false, "prune disabled"});
  plan.desired_count = 3;
  plan.inventory_size = 5;
  const auto document = prune_to_json("shop", "abc123", plan, "");
  CHECK(document["apiVersion"] == "gitops.kubectl.dev/v1");
  CHECK(document["kind"] == "PrunePlan");
  CHECK(document["app"] == "shop");
  CHECK(document["commit"] == "abc123");
  CHECK(document["prune"] ==
        Json::array(
            {{{"group", ""}, {"kind", "ConfigMap"}, {"namespace", "prod"}, {"name", "old"}}}));
  REQUIRE(document["keep"].size() == 1);
  CHECK(document["keep"][0]["name"] == "legacy");
  CHECK(document["keep"][0]["group"] == "apps");
  CHECK(document["keep"][0]["reason"] == "prune disabled");
  CHECK(document["inventorySize"] == 5);
  CHECK(document["desiredCount"] == 3);
  CHECK(document["refusal"] == "");
  CHECK(prune_to_json("shop", "abc123", plan, "over the bound")["refusal"] == "over the bound");
}

TEST_CASE("an empty PrunePlan has empty lists, never nulls") {
  const auto document = prune_to_json("shop", "", PrunePlan{}, "");
  CHECK(document["prune"] == Json::array());
  CHECK(document["keep"] == Json::array());
}
