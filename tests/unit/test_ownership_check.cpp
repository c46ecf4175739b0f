#include <doctest/doctest.h>

#include <string>

#include "core/constants.hpp"
#include "engine/inventory.hpp"
#include "engine/ownership_check.hpp"
#include "fake_cluster.hpp"

using namespace kgitops;
using kgitops::testing::FakeCluster;

namespace {

const ResourceKey k_shared{"", "ConfigMap", "team-b", "shared"};
const ApiResource k_configmaps{"", "v1", "ConfigMap", "configmaps", true};

Json configmap_json(const ResourceKey& key) {
  return Json{{"apiVersion", "v1"},
              {"kind", "ConfigMap"},
              {"metadata", {{"name", key.name}, {"namespace", key.ns}, {"uid", "u-1"}}},
              {"data", {{"a", "b"}}}};
}

// What git declares for `key` in app `app`, paired with `live` when given.
ObjectState declared(const ResourceKey& key, std::optional<Json> live = {},
                     bool in_inventory = false) {
  ObjectState state;
  state.key = key;
  DesiredObject desired;
  desired.key = key;
  desired.resource = k_configmaps;
  desired.object = configmap_json(key);
  state.desired = desired;
  state.live = std::move(live);
  state.state = state.live ? SyncState::modified : SyncState::missing;
  state.in_inventory = in_inventory;
  return state;
}

Json owned_by(const std::string& app, const ResourceKey& key) {
  auto live = configmap_json(key);
  set_label(live, keys::k_app_label, app);
  set_annotation(live, keys::k_tracking_annotation, tracking_id(app, key));
  return live;
}

AppSpec app_named(const std::string& name) {
  AppSpec app;
  app.name = name;
  app.source = SourceSpec{"/repos/" + name, ""};
  return app;
}

}  // namespace

TEST_CASE("classify_claim: what the app created or owns, or what does not exist, is no claim") {
  CHECK_FALSE(classify_claim(declared(k_shared), "y", {}).has_value());
  CHECK_FALSE(classify_claim(declared(k_shared, owned_by("y", k_shared)), "y", {}).has_value());
  // In the inventory, even with its marks stripped by hand.
  CHECK_FALSE(
      classify_claim(declared(k_shared, configmap_json(k_shared), true), "y", {}).has_value());
}

TEST_CASE("classify_claim: another app's object is a conflict, whatever marks it has left") {
  auto by_label = classify_claim(declared(k_shared, owned_by("x", k_shared)), "y", {});
  REQUIRE(by_label.has_value());
  CHECK(by_label->conflict);
  CHECK(by_label->claim.holder == "app x");

  // Its label copied over by hand, its tracking annotation still naming x.
  auto live = owned_by("x", k_shared);
  set_label(live, keys::k_app_label, "y");
  auto by_annotation = classify_claim(declared(k_shared, live, true), "y", {});
  REQUIRE(by_annotation.has_value());
  CHECK(by_annotation->conflict);
  CHECK(by_annotation->claim.holder == "app x");

  // No marks at all, but x's inventory lists it.
  auto by_inventory =
      classify_claim(declared(k_shared, configmap_json(k_shared)), "y", {{k_shared, {"x"}}});
  REQUIRE(by_inventory.has_value());
  CHECK(by_inventory->conflict);
  CHECK(by_inventory->claim.detail.find("inventory of app x") != std::string::npos);
}

TEST_CASE("classify_claim: an existing object no app owns is adoptable, naming its holder") {
  auto unmanaged = classify_claim(declared(k_shared, configmap_json(k_shared)), "y", {});
  REQUIRE(unmanaged.has_value());
  CHECK_FALSE(unmanaged->conflict);
  CHECK(unmanaged->claim.holder == "unmanaged");

  auto helm = configmap_json(k_shared);
  set_annotation(helm, "meta.helm.sh/release-name", "shop");
  auto by_helm = classify_claim(declared(k_shared, helm), "y", {});
  REQUIRE(by_helm.has_value());
  CHECK_FALSE(by_helm->conflict);
  CHECK(by_helm->claim.holder == "Helm");

  auto argo = configmap_json(k_shared);
  set_label(argo, "app.kubernetes.io/instance", "shop");
  auto by_argo = classify_claim(declared(k_shared, argo), "y", {});
  REQUIRE(by_argo.has_value());
  CHECK(by_argo->claim.holder == "Argo CD");

  // This app's label copied onto it, but never applied by this app.
  auto copied = configmap_json(k_shared);
  set_label(copied, keys::k_app_label, "y");
  auto by_copy = classify_claim(declared(k_shared, copied), "y", {});
  REQUIRE(by_copy.has_value());
  CHECK_FALSE(by_copy->conflict);
  CHECK(by_copy->claim.detail.find("never applied") != std::string::npos);
}

TEST_CASE("classify_claim: the inventories and their namespace can never be declared") {
  const ResourceKey inventory_ns{"", "Namespace", "", std::string(keys::k_inventory_namespace)};
  auto ns = classify_claim(declared(inventory_ns), "y", {});
  REQUIRE(ns.has_value());
  CHECK(ns->conflict);
  CHECK(ns->claim.holder == "kubectl-gitops");
  const ResourceKey other_inventory{"", "ConfigMap", std::string(keys::k_inventory_namespace),
                                    "gitops-x"};
  auto inventory = classify_claim(declared(other_inventory), "y", {});
  REQUIRE(inventory.has_value());
  CHECK(inventory->conflict);
  // An object git does not declare is prune's business.
  ObjectState extra;
  extra.key = inventory_ns;
  extra.state = SyncState::extra;
  CHECK_FALSE(classify_claim(extra, "y", {}).has_value());
}

TEST_CASE("same_source: the repository however written, and the path however spelled") {
  Inventory recorded;
  recorded.repo = "https://github.com/team-a/shop";
  recorded.path = "deploy";
  auto app = app_named("shop");
  app.source.repo = "git@github.com:team-a/shop.git";
  app.path = "./deploy/";
  CHECK(same_source(recorded, app));
  app.source.repo = "https://github.com/team-b/shop";
  CHECK_FALSE(same_source(recorded, app));
  app.source.repo = recorded.repo;
  app.path = "deploy/prod";
  CHECK_FALSE(same_source(recorded, app));
}

TEST_CASE("check_ownership finds an object that exists without the app's label") {
  FakeCluster cluster;
  cluster.objects[k_shared] = configmap_json(k_shared);
  Reconciliation reconciliation;
  reconciliation.objects.push_back(declared(k_shared));
  const Scope scope(*cluster.api_resources(), {});
  auto check = check_ownership(cluster, scope, reconciliation, app_named("y"), std::nullopt, {});
  REQUIRE(check.has_value());
  REQUIRE(check->adoptable.size() == 1);
  CHECK(check->conflicts.empty());
  CHECK(reconciliation.objects.front().live.has_value());
  CHECK(reconciliation.objects.front().state != SyncState::missing);
  CHECK_FALSE(reconciliation.objects.front().adopt);
  const auto refusal = check->refusal("y", {});
  CHECK(refusal.find("ConfigMap team-b/shared: held by unmanaged") != std::string::npos);
  CHECK(refusal.find("--adopt") != std::string::npos);
  CHECK(check->refusal("y", {true, false}).empty());

  Reconciliation adopting;
  adopting.objects.push_back(declared(k_shared));
  auto adopted = check_ownership(cluster, scope, adopting, app_named("y"), std::nullopt, {true});
  REQUIRE(adopted.has_value());
  CHECK(adopting.objects.front().adopt);
}

TEST_CASE("check_ownership refuses another app's object even with --adopt") {
  FakeCluster cluster;
  cluster.objects[k_shared] = owned_by("x", k_shared);
  Reconciliation reconciliation;
  reconciliation.objects.push_back(declared(k_shared));
  const Scope scope(*cluster.api_resources(), {});
  auto check =
      check_ownership(cluster, scope, reconciliation, app_named("y"), std::nullopt, {true});
  REQUIRE(check.has_value());
  REQUIRE(check->conflicts.size() == 1);
  CHECK_FALSE(reconciliation.objects.front().adopt);
  const auto refusal = check->refusal("y", {true, false});
  CHECK(refusal.find("held by app x") != std::string::npos);
  CHECK(refusal.find("never taken") != std::string::npos);
}

TEST_CASE("check_ownership reads other inventories only when something is not plainly owned") {
  FakeCluster cluster;
  cluster.objects[k_shared] = owned_by("y", k_shared);
  Reconciliation reconciliation;
  reconciliation.objects.push_back(declared(k_shared, cluster.objects[k_shared], true));
  const Scope scope(*cluster.api_resources(), {});
  const auto lists = cluster.lists;
  auto check = check_ownership(cluster, scope, reconciliation, app_named("y"), std::nullopt, {});
  REQUIRE(check.has_value());
  CHECK(check->problems({}).empty());
  CHECK(cluster.lists == lists);  // nothing missing, nothing unclear: no request at all
}

TEST_CASE("check_ownership: an app keeps one source unless taken over") {
  FakeCluster cluster;
  Inventory recorded;
  recorded.app = "shop";
  recorded.repo = "/repos/team-a/shop";
  auto app = app_named("shop");
  app.source.repo = "/repos/team-b/shop";
  Reconciliation reconciliation;
  const Scope scope(*cluster.api_resources(), {});
  auto check = check_ownership(cluster, scope, reconciliation, app, recorded, {});
  REQUIRE(check.has_value());
  const auto refusal = check->refusal("shop", {});
  CHECK(refusal.find("is synced from /repos/team-a/shop") != std::string::npos);
  CHECK(refusal.find("--take-over") != std::string::npos);
  CHECK(check->refusal("shop", {false, true}).empty());
}
