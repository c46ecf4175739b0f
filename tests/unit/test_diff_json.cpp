#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "core/constants.hpp"
#include "diff_fixtures.hpp"
#include "fake_cluster.hpp"
#include "output/diff_json.hpp"

using namespace kgitops;
using kgitops::testing::applied;
using kgitops::testing::FakeCluster;
using kgitops::testing::prepare;

namespace {

Json config_map(const std::string& name, const std::string& value) {
  return Json{{"apiVersion", "v1"},
              {"kind", "ConfigMap"},
              {"metadata", {{"name", name}}},
              {"data", {{"key", value}, {"other", "same"}}}};
}

// An extra: the app's label, gone from git; prunable when in the inventory.
ObjectState extra(const std::string& name, bool in_inventory) {
  ObjectState state;
  state.key = {"", "ConfigMap", "prod", name};
  state.state = SyncState::extra;
  state.in_inventory = in_inventory;
  Json live = config_map(name, "x");
  live["metadata"]["namespace"] = "prod";
  set_label(live, keys::k_app_label, "shop");
  set_annotation(live, keys::k_tracking_annotation, tracking_id("shop", state.key));
  state.live = live;
  return state;
}

AppComparison comparison_of(Reconciliation reconciliation) {
  LoadedApp loaded{
      Checkout{"0123abcd", "refs/heads/main", nullptr}, Scope(std::vector<Manifest>{}), {}, {}};
  return AppComparison{std::move(loaded), std::nullopt, std::move(reconciliation), {}, ""};
}

// One object of each state: in sync, modified (one field), missing, and two
// extras, one prunable and one kept.
AppComparison every_state() {
  const auto same = prepare(config_map("same", "a"));
  const auto changed = prepare(config_map("changed", "new"));
  const auto missing = prepare(config_map("missing", "a"));
  auto reconciliation =
      pair_objects({same, changed, missing},
                   {applied(same), applied(prepare(config_map("changed", "old")))}, std::nullopt);
  reconciliation.objects.push_back(extra("old", true));
  reconciliation.objects.push_back(extra("stray", false));
  return comparison_of(std::move(reconciliation));
}

}  // namespace

TEST_CASE("the DiffReport document: each object's state, and a modified one's changed fields") {
  const auto compared = every_state();
  const auto document = diff_to_json("shop", compared, {});
  CHECK(document["apiVersion"] == "gitops.kubectl.dev/v1");
  CHECK(document["kind"] == "DiffReport");
  CHECK(document["app"] == "shop");
  CHECK(document["commit"] == "0123abcd");
  CHECK(document["inSync"] == false);
  const auto& objects = document["objects"];
  REQUIRE(objects.size() == 5);
  const auto named = [&objects](const std::string& name) {
    for (const auto& object : objects) {
      if (object["name"] == name) {
        return object;
      }
    }
    FAIL("no object named " << name);
    return Json();
  };
  CHECK(named("same")["state"] == "InSync");
  CHECK(named("same")["changedFields"] == Json::array());
  CHECK(named("changed")["state"] == "Modified");
  CHECK(named("changed")["changedFields"] == Json::array({"data.key"}));
  CHECK(named("changed")["kind"] == "ConfigMap");
  CHECK(named("changed")["namespace"] == "prod");
  CHECK(named("missing")["state"] == "Missing");
  CHECK(named("old")["prune"] ==
        Json{{"action", "prune"}, {"reason", named("old")["prune"]["reason"]}});
  CHECK(named("stray")["prune"]["action"] == "keep");
  CHECK_FALSE(named("stray")["prune"]["reason"].get<std::string>().empty());
  CHECK(named("same")["prune"] == Json{{"action", ""}, {"reason", ""}});
  CHECK(document["summary"] == Json{{"InSync", 1}, {"Modified", 1}, {"Missing", 1}, {"Extra", 2}});
}

TEST_CASE("the DiffReport document: no field values, so a Secret's never show") {
  const auto changed = prepare(config_map("changed", "new-secret-value"));
  const auto reconciliation = pair_objects(
      {changed}, {applied(prepare(config_map("changed", "old-secret-value")))}, std::nullopt);
  const auto text = diff_to_json("shop", comparison_of(reconciliation), {}).dump();
  CHECK(text.find("secret-value") == std::string::npos);
}

TEST_CASE("diff_differs: a kept extra is no difference, a prunable one is") {
  Reconciliation kept_only;
  kept_only.objects.push_back(extra("stray", false));
  CHECK_FALSE(diff_differs("shop", comparison_of(kept_only)));
  CHECK(diff_to_json("shop", comparison_of(kept_only), {})["inSync"] == true);
  Reconciliation prunable;
  prunable.objects.push_back(extra("old", true));
  CHECK(diff_differs("shop", comparison_of(prunable)));
  CHECK(diff_differs("shop", every_state()));
}

TEST_CASE("the DiffReport document: immutable changes, hooks a sync would run, and refusals") {
  auto compared = every_state();
  Hook hook;
  hook.object = prepare(config_map("migrate", "a"));
  hook.object.key.name.clear();
  hook.object.object["metadata"]["generateName"] = "migrate-";
  hook.phase = HookPhase::pre_sync;
  compared.loaded.hooks.push_back(hook);
  compared.ownership.conflicts.push_back({{"", "ConfigMap", "prod", "same"}, "app other", "label"});
  const std::vector<ImmutableChange> immutable{
      {{"apps", "Deployment", "prod", "web"}, {"spec.selector"}, false}};
  const auto document = diff_to_json("shop", compared, immutable);
  REQUIRE(document["immutable"].size() == 1);
  CHECK(document["immutable"][0]["name"] == "web");
  CHECK(document["immutable"][0]["fields"] == Json::array({"spec.selector"}));
  CHECK(document["immutable"][0]["replace"] == false);
  CHECK(document["immutable"][0]["detail"].get<std::string>().find("spec.selector") !=
        std::string::npos);
  REQUIRE(document["hooks"].size() == 1);
  CHECK(document["hooks"][0]["name"] == "migrate-*");
  CHECK(document["hooks"][0]["phase"] == "PreSync");
  REQUIRE(document["refusal"].size() == 1);
  CHECK(document["refusal"][0].get<std::string>().find("app other") != std::string::npos);
}

TEST_CASE("the DiffReport document: in sync, no hooks would run") {
  const auto same = prepare(config_map("same", "a"));
  auto compared = comparison_of(pair_objects({same}, {applied(same)}, std::nullopt));
  Hook hook;
  hook.object = prepare(config_map("migrate", "a"));
  compared.loaded.hooks.push_back(hook);
  const auto document = diff_to_json("shop", compared, {});
  CHECK(document["inSync"] == true);
  CHECK(document["hooks"] == Json::array());
  CHECK(document["immutable"] == Json::array());
  CHECK(document["refusal"] == Json::array());
}
