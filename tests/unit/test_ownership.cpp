#include <doctest/doctest.h>

#include <string>

#include "core/constants.hpp"
#include "engine/inventory.hpp"
#include "engine/ownership.hpp"

using namespace kgitops;

namespace {

const ResourceKey k_key{"", "ConfigMap", "prod", "old"};

// A live object this app applied: its label, ApplySet label and tracking id.
Json owned_live() {
  Json live{{"apiVersion", "v1"},
            {"kind", "ConfigMap"},
            {"metadata", {{"name", "old"}, {"namespace", "prod"}, {"uid", "u-1"}}}};
  set_label(live, keys::k_app_label, "shop");
  set_label(live, keys::k_applyset_part_of_label, applyset_id("shop"));
  set_annotation(live, keys::k_tracking_annotation, tracking_id("shop", k_key));
  return live;
}

ObjectState extra(const Json& live, bool in_inventory = true) {
  ObjectState state;
  state.key = k_key;
  state.state = SyncState::extra;
  state.live = live;
  state.in_inventory = in_inventory;
  return state;
}

}  // namespace

TEST_CASE("an object with only this app's marks has no foreign owner") {
  CHECK_FALSE(foreign_owner(owned_live(), "shop").has_value());
  auto live = owned_live();
  set_label(live, keys::k_managed_by_label, "kubectl-gitops");
  CHECK_FALSE(foreign_owner(live, "shop").has_value());
  set_label(live, "app.kubernetes.io/name", "web");
  set_annotation(live, "deployment.kubernetes.io/revision", "2");
  CHECK_FALSE(foreign_owner(live, "shop").has_value());
}

TEST_CASE("foreign_owner recognises the marks of other tools") {
  struct Mark {
    bool label;
    const char* key;
    const char* value;
    const char* expected;  // a word the description must contain
  };
  const Mark marks[] = {
      {true, "app.kubernetes.io/managed-by", "Helm", "Helm"},
      {false, "meta.helm.sh/release-name", "shop", "meta.helm.sh/release-name"},
      {false, "meta.helm.sh/release-namespace", "prod", "meta.helm.sh/release-namespace"},
      {false, "argocd.argoproj.io/tracking-id", "shop:/ConfigMap:prod/old", "argocd"},
      {true, "argocd.argoproj.io/instance", "shop", "argocd"},
      {true, "kustomize.toolkit.fluxcd.io/name", "apps", "fluxcd"},
      {true, "helm.toolkit.fluxcd.io/name", "shop", "fluxcd"},
      {false, "kustomize.toolkit.fluxcd.io/checksum", "abc", "fluxcd"},
      {true, "kapp.k14s.io/app", "1700000000", "kapp"},
      {false, "kapp.k14s.io/identity", "v1;prod//ConfigMap/old;v1", "kapp"},
      {true, "applyset.kubernetes.io/part-of", "applyset-other-v1", "ApplySet"},
  };
  for (const auto& mark : marks) {
    CAPTURE(mark.key);
    auto live = owned_live();
    if (mark.label) {
      set_label(live, mark.key, mark.value);
    } else {
      set_annotation(live, mark.key, mark.value);
    }
    const auto owner = foreign_owner(live, "shop");
    REQUIRE(owner.has_value());
    CHECK(owner->find(mark.expected) != std::string::npos);
  }
}

TEST_CASE("a mark that git declares, and this tool applied, is not another tool's") {
  // Committed `helm template` output: Helm's managed-by label, applied by us.
  auto live = owned_live();
  set_label(live, keys::k_managed_by_label, "Helm");
  live["metadata"]["managedFields"] = Json::parse(R"json([
    {"manager": "kubectl-gitops", "operation": "Apply", "apiVersion": "v1",
     "fieldsType": "FieldsV1",
     "fieldsV1": {"f:metadata": {"f:labels": {"f:app.kubernetes.io/managed-by": {},
                                               "f:gitops.kubectl.dev/app": {}}}}}
  ])json");
  CHECK_FALSE(foreign_owner(live, "shop").has_value());
  CHECK(decide_prune(extra(live), "shop").prune);

  // A release Helm installed writes its annotations as its own manager: still Helm's.
  set_annotation(live, "meta.helm.sh/release-name", "shop");
  live["metadata"]["managedFields"].push_back(Json::parse(R"json(
    {"manager": "helm", "operation": "Update", "apiVersion": "v1", "fieldsType": "FieldsV1",
     "fieldsV1": {"f:metadata": {"f:annotations": {"f:meta.helm.sh/release-name": {}}}}}
  )json"));
  const auto owner = foreign_owner(live, "shop");
  REQUIRE(owner.has_value());
  CHECK(owner->find("meta.helm.sh/release-name") != std::string::npos);
  CHECK_FALSE(decide_prune(extra(live), "shop").prune);
}

TEST_CASE("a mark owned by another manager, or by this one through an update, still counts") {
  auto live = owned_live();
  set_label(live, keys::k_managed_by_label, "Helm");
  live["metadata"]["managedFields"] = Json::parse(R"json([
    {"manager": "helm", "operation": "Update", "apiVersion": "v1", "fieldsType": "FieldsV1",
     "fieldsV1": {"f:metadata": {"f:labels": {"f:app.kubernetes.io/managed-by": {}}}}},
    {"manager": "kubectl-gitops", "operation": "Update", "apiVersion": "v1",
     "fieldsType": "FieldsV1",
     "fieldsV1": {"f:metadata": {"f:labels": {"f:app.kubernetes.io/managed-by": {}}}}},
    {"manager": "kubectl-gitops", "operation": "Apply", "apiVersion": "v1",
     "fieldsType": "FieldsV1", "fieldsV1": {"f:metadata": {"f:labels": {"f:app": {}}}}}
  ])json");
  const auto owner = foreign_owner(live, "shop");
  REQUIRE(owner.has_value());
  CHECK(owner->find("Helm") != std::string::npos);
}

TEST_CASE("another app's ApplySet id is foreign, this app's is not") {
  auto live = owned_live();
  set_label(live, keys::k_applyset_part_of_label, applyset_id("other"));
  CHECK(foreign_owner(live, "shop").has_value());
  CHECK_FALSE(foreign_owner(live, "other").has_value());
}

TEST_CASE("decide_prune: an object still in git is never pruned") {
  auto state = extra(owned_live());
  state.state = SyncState::modified;
  const auto decision = decide_prune(state, "shop");
  CHECK_FALSE(decision.prune);
  CHECK(decision.reason == "declared in git");
  CHECK(decision.key == k_key);
}

TEST_CASE("decide_prune: an object outside the inventory is kept") {
  const auto decision = decide_prune(extra(owned_live(), false), "shop");
  CHECK_FALSE(decision.prune);
  CHECK(decision.reason.find("inventory") != std::string::npos);
}

TEST_CASE("decide_prune: an object without our tracking annotation is kept") {
  auto live = owned_live();
  live["metadata"]["annotations"].erase(std::string(keys::k_tracking_annotation));
  const auto decision = decide_prune(extra(live), "shop");
  CHECK_FALSE(decision.prune);
  CHECK(decision.reason.find("tracking annotation") != std::string::npos);
}

TEST_CASE("decide_prune: a tracking id of another app or object is kept, and named") {
  for (const auto& other :
       {tracking_id("other", k_key), tracking_id("shop", {"", "ConfigMap", "dev", "old"})}) {
    CAPTURE(other);
    auto live = owned_live();
    set_annotation(live, keys::k_tracking_annotation, other);
    const auto decision = decide_prune(extra(live), "shop");
    CHECK_FALSE(decision.prune);
    CHECK(decision.reason.find(other) != std::string::npos);
  }
}

TEST_CASE("decide_prune: an object another tool claims is kept") {
  auto live = owned_live();
  set_label(live, keys::k_managed_by_label, "Helm");
  const auto decision = decide_prune(extra(live), "shop");
  CHECK_FALSE(decision.prune);
  CHECK(decision.reason.find("Helm") != std::string::npos);
}

TEST_CASE("decide_prune: an object that opted out is kept") {
  auto live = owned_live();
  set_annotation(live, keys::k_prune_annotation, "disabled");
  const auto decision = decide_prune(extra(live), "shop");
  CHECK_FALSE(decision.prune);
  CHECK(decision.reason.find(keys::k_prune_annotation) != std::string::npos);
  // Any other value does not opt out.
  set_annotation(live, keys::k_prune_annotation, "enabled");
  CHECK(decide_prune(extra(live), "shop").prune);
}

TEST_CASE("decide_prune: an object already being deleted is left alone") {
  auto live = owned_live();
  live["metadata"]["deletionTimestamp"] = "2024-01-01T00:00:00Z";
  const auto decision = decide_prune(extra(live), "shop");
  CHECK_FALSE(decision.prune);
  CHECK(decision.reason.find("deleted") != std::string::npos);
}

TEST_CASE("decide_prune: an owned object git no longer declares is pruned") {
  const auto decision = decide_prune(extra(owned_live()), "shop");
  CHECK(decision.prune);
  CHECK(decision.key == k_key);
  CHECK_FALSE(decision.reason.empty());
}

TEST_CASE("decide_prune: an extra without a live object is not pruned") {
  auto state = extra(owned_live());
  state.live.reset();
  CHECK_FALSE(decide_prune(state, "shop").prune);
}

TEST_CASE("every Argo CD mark counts, its default instance label included, naming Argo CD") {
  for (const auto& [label, key] : {std::pair{true, "app.kubernetes.io/instance"},
                                   std::pair{false, "argocd.argoproj.io/sync-options"},
                                   std::pair{false, "argocd.argoproj.io/compare-options"}}) {
    CAPTURE(key);
    auto live = owned_live();
    if (label) {
      set_label(live, key, "shop");
    } else {
      set_annotation(live, key, "Prune=false");
    }
    const auto mark = foreign_mark(live, "shop");
    REQUIRE(mark.has_value());
    CHECK(mark->tool == "Argo CD");
    CHECK_FALSE(decide_prune(extra(live), "shop").prune);
  }
  // Declared in git and applied by this tool: the instance label is ours.
  auto live = owned_live();
  set_label(live, "app.kubernetes.io/instance", "shop");
  live["metadata"]["managedFields"] = Json::parse(R"json([
    {"manager": "kubectl-gitops", "operation": "Apply", "apiVersion": "v1",
     "fieldsType": "FieldsV1",
     "fieldsV1": {"f:metadata": {"f:labels": {"f:app.kubernetes.io/instance": {}}}}}
  ])json");
  CHECK_FALSE(foreign_mark(live, "shop").has_value());
}

TEST_CASE("holder_of names another app, another tool, this app, or nobody") {
  CHECK(holder_of(owned_live(), "shop") == "app shop");
  CHECK(holder_of(owned_live(), "web") == "app shop");
  auto helm = owned_live();
  set_annotation(helm, "meta.helm.sh/release-name", "shop");
  CHECK(holder_of(helm, "shop") == "Helm");
  const Json bare{{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "x"}}}};
  CHECK(holder_of(bare, "shop") == "unmanaged");
  CHECK_FALSE(other_app_of(bare, "shop").has_value());
  CHECK(other_app_of(owned_live(), "web") == "shop");
}

TEST_CASE("decide_prune never prunes the inventories or their namespace") {
  const ResourceKey inventory_ns{"", "Namespace", "", std::string(keys::k_inventory_namespace)};
  const ResourceKey inventory{"", "ConfigMap", std::string(keys::k_inventory_namespace),
                              "gitops-other"};
  for (const auto& key : {inventory_ns, inventory}) {
    CAPTURE(to_string(key));
    auto state = extra(owned_live());
    state.key = key;
    set_annotation(*state.live, keys::k_tracking_annotation, tracking_id("shop", key));
    const auto decision = decide_prune(state, "shop");
    CHECK_FALSE(decision.prune);
    CHECK(decision.reason.find("kubectl-gitops") != std::string::npos);
    CHECK_FALSE(reserved_reason(key).empty());
  }
  CHECK(reserved_reason(k_key).empty());
}

namespace {

ObjectState owned_namespace(const std::string& name) {
  const ResourceKey key{"", "Namespace", "", name};
  Json live{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name}}}};
  set_label(live, keys::k_app_label, "shop");
  set_annotation(live, keys::k_tracking_annotation, tracking_id("shop", key));
  ObjectState state;
  state.key = key;
  state.state = SyncState::extra;
  state.live = live;
  state.in_inventory = true;
  return state;
}

}  // namespace

TEST_CASE("decide_prune: a Namespace goes only if the app created it and it holds nothing else") {
  const auto ns = owned_namespace("shop");
  PruneContext context;
  CHECK(decide_prune(ns, "shop", context).reason.find("not looked into") != std::string::npos);
  CHECK_FALSE(decide_prune(ns, "shop", context).prune);

  context.namespace_strangers["shop"] = {};
  CHECK(decide_prune(ns, "shop", context).prune);

  context.namespace_strangers["shop"] = {"ConfigMap shop/a (unmanaged)", "Secret shop/b (Helm)",
                                         "ConfigMap shop/c (app web)", "Pod shop/d (unmanaged)"};
  const auto holding = decide_prune(ns, "shop", context);
  CHECK_FALSE(holding.prune);
  CHECK(holding.reason.find("ConfigMap shop/a (unmanaged)") != std::string::npos);
  CHECK(holding.reason.find("and 1 more") != std::string::npos);

  context.namespace_strangers["shop"] = {};
  context.declared_namespaces = {"shop"};
  CHECK(decide_prune(ns, "shop", context).reason == "git still declares objects in it");

  context.declared_namespaces.clear();
  context.adopted = {ns.key};
  const auto adopted = decide_prune(ns, "shop", context);
  CHECK_FALSE(adopted.prune);
  CHECK(adopted.reason.find("--adopt") != std::string::npos);
}
