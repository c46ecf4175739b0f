#include <doctest/doctest.h>

#include <string>

#include "core/constants.hpp"
#include "engine/inventory.hpp"
#include "engine/prune_plan.hpp"

using namespace kgitops;

namespace {

// An extra this app owns and may prune.
ObjectState prunable(const std::string& name) {
  ObjectState state;
  state.key = {"", "ConfigMap", "prod", name};
  state.state = SyncState::extra;
  state.in_inventory = true;
  Json live{{"apiVersion", "v1"},
            {"kind", "ConfigMap"},
            {"metadata", {{"name", name}, {"namespace", "prod"}}}};
  set_label(live, keys::k_app_label, "shop");
  set_annotation(live, keys::k_tracking_annotation, tracking_id("shop", state.key));
  state.live = live;
  return state;
}

ObjectState declared(const std::string& name) {
  ObjectState state;
  state.key = {"", "ConfigMap", "prod", name};
  state.state = SyncState::in_sync;
  state.desired = DesiredObject{};
  state.in_inventory = true;
  return state;
}

// A plan of `prunes` deletions out of an inventory of `inventory_size`.
PrunePlan plan_of(std::size_t prunes, std::size_t inventory_size) {
  Reconciliation reconciliation;
  for (std::size_t i = 0; i < prunes; ++i) {
    reconciliation.objects.push_back(prunable("old" + std::to_string(i)));
  }
  for (std::size_t i = prunes; i < inventory_size; ++i) {
    reconciliation.objects.push_back(declared("kept" + std::to_string(i)));
  }
  return plan_prune(reconciliation, "shop", inventory_size);
}

}  // namespace

TEST_CASE("plan_prune splits declared objects, deletions and kept extras") {
  Reconciliation reconciliation;
  reconciliation.objects.push_back(declared("a"));
  reconciliation.objects.push_back(declared("b"));
  reconciliation.objects.push_back(prunable("old"));
  auto stray = prunable("stray");
  stray.in_inventory = false;
  reconciliation.objects.push_back(stray);
  const auto plan = plan_prune(reconciliation, "shop", 3);
  CHECK(plan.desired_count == 2);
  CHECK(plan.inventory_size == 3);
  REQUIRE(plan.to_delete.size() == 1);
  CHECK(plan.to_delete.front().key.name == "old");
  REQUIRE(plan.kept.size() == 1);
  CHECK(plan.kept.front().key.name == "stray");
  CHECK(plan.kept.front().reason.find("inventory") != std::string::npos);
  CHECK_FALSE(plan.empties_app());
}

TEST_CASE("plan_prune keeps the reconciliation's (prune) order") {
  Reconciliation reconciliation;
  for (const auto* name : {"c", "a", "b"}) {
    reconciliation.objects.push_back(prunable(name));
  }
  const auto plan = plan_prune(reconciliation, "shop", 3);
  REQUIRE(plan.to_delete.size() == 3);
  CHECK(plan.to_delete[0].key.name == "c");
  CHECK(plan.to_delete[1].key.name == "a");
  CHECK(plan.to_delete[2].key.name == "b");
}

TEST_CASE("the mass-deletion bound: more than 10 objects and more than 25% of the app") {
  const PruneBound bound;
  CHECK_FALSE(plan_of(11, 50).over_bound(bound));  // 22%
  CHECK_FALSE(plan_of(11, 44).over_bound(bound));  // exactly 25% is not more
  CHECK(plan_of(11, 40).over_bound(bound));        // 27.5%
  CHECK(plan_of(11, 20).over_bound(bound));
  CHECK_FALSE(plan_of(10, 10).over_bound(bound));  // 10 is not more than 10
  CHECK_FALSE(plan_of(3, 3).over_bound(bound));
  CHECK(plan_of(12, 12).over_bound(bound));
  CHECK_FALSE(plan_of(0, 0).over_bound(bound));
}

TEST_CASE("the bound is configurable") {
  const PruneBound strict{2, 0.1};
  CHECK(plan_of(3, 20).over_bound(strict));
  CHECK_FALSE(plan_of(2, 20).over_bound(strict));
  CHECK_FALSE(plan_of(3, 40).over_bound(strict));
}

TEST_CASE("a prune over the bound is refused without confirmation, naming --confirm-prune") {
  const PruneBound bound;
  const auto plan = plan_of(11, 20);
  const auto refusal = prune_refusal(plan, bound, false, false);
  CHECK(refusal.find("--confirm-prune") != std::string::npos);
  CHECK(refusal.find("11 of 20") != std::string::npos);
  CHECK(prune_refusal(plan, bound, false, true).empty());
  CHECK(prune_refusal(plan_of(11, 50), bound, false, false).empty());
  // 10 of 10 is within the bound; it empties the app, which only --allow-empty allows.
  CHECK(prune_refusal(plan_of(10, 10), bound, true, false).empty());
}

TEST_CASE("a prune that would empty the app is refused without --allow-empty") {
  const PruneBound bound;
  const auto plan = plan_of(3, 3);
  CHECK(plan.desired_count == 0);
  CHECK(plan.empties_app());
  const auto refusal = prune_refusal(plan, bound, false, false);
  CHECK(refusal.find("--allow-empty") != std::string::npos);
  // Confirming a large prune is not the same as allowing an empty render.
  CHECK_FALSE(prune_refusal(plan, bound, false, true).empty());
  CHECK(prune_refusal(plan, bound, true, false).empty());
}

TEST_CASE("an empty render of a large app needs both --allow-empty and --confirm-prune") {
  const PruneBound bound;
  const auto plan = plan_of(12, 12);
  CHECK(prune_refusal(plan, bound, false, true).find("--allow-empty") != std::string::npos);
  CHECK(prune_refusal(plan, bound, true, false).find("--confirm-prune") != std::string::npos);
  CHECK(prune_refusal(plan, bound, true, true).empty());
}

TEST_CASE("an empty render with nothing to delete is not refused") {
  const auto plan = plan_of(0, 0);
  CHECK_FALSE(plan.empties_app());
  CHECK(prune_refusal(plan, PruneBound{}, false, false).empty());
}
