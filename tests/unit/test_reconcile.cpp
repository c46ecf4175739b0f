#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/constants.hpp"
#include "core/sha256.hpp"
#include "engine/reconcile.hpp"
#include "fake_cluster.hpp"
#include "object_named.hpp"

using namespace kgitops;
using kgitops::testing::FakeCluster;

namespace {

Json deployment(const std::string& name, int replicas) {
  return Json{{"apiVersion", "apps/v1"},
              {"kind", "Deployment"},
              {"metadata", {{"name", name}}},
              {"spec",
               {{"replicas", replicas},
                {"selector", {{"matchLabels", {{"app", name}}}}},
                {"template",
                 {{"metadata", {{"labels", {{"app", name}}}}},
                  {"spec", {{"containers", {{{"name", "web"}, {"image", "nginx:1.27"}}}}}}}}}}};
}

Json config_map(const std::string& name) {
  return Json{{"apiVersion", "v1"},
              {"kind", "ConfigMap"},
              {"metadata", {{"name", name}}},
              {"data", {{"a", "b"}}}};
}

Json namespace_object(const std::string& name) {
  return Json{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name}}}};
}

AppSpec shop() {
  AppSpec spec;
  spec.name = "shop";
  spec.default_namespace = "prod";
  return spec;
}

std::vector<DesiredObject> prepare(const std::vector<Json>& objects) {
  std::vector<Manifest> manifests;
  for (const auto& object : objects) {
    manifests.push_back({object, {name_of(object) + ".yaml", 1}});
  }
  auto desired = prepare_desired(manifests, Scope(manifests), shop());
  REQUIRE(desired.has_value());
  return *desired;
}

// The objects as the server holds them once applied.
std::vector<Json> applied(const std::vector<DesiredObject>& desired) {
  FakeCluster cluster;
  std::vector<Json> manifests;
  for (const auto& object : desired) {
    manifests.push_back(object.object);
  }
  auto results = cluster.apply(manifests, DryRun::no);
  REQUIRE(results.has_value());
  std::vector<Json> live;
  for (const auto& result : *results) {
    live.push_back(*result.live);
  }
  return live;
}

Inventory inventory_of(const std::vector<ResourceKey>& keys) {
  Inventory inventory;
  inventory.app = "shop";
  inventory.members.insert(keys.begin(), keys.end());
  return inventory;
}

const ObjectState& state_of(const Reconciliation& reconciliation, const std::string& name) {
  return kgitops::testing::object_named(reconciliation.objects, name);
}

}  // namespace

TEST_CASE("an applied object is in sync despite the fields the server added") {
  const auto desired = prepare({deployment("web", 2), config_map("settings")});
  auto live = applied(desired);
  // Server defaults, status and server metadata must not count as drift.
  REQUIRE(live[0]["spec"].contains("strategy"));
  REQUIRE(live[0].contains("status"));
  live[0]["spec"]["revisionHistoryLimit"] = 10;
  live[0]["metadata"]["generation"] = 1;
  live[0]["spec"]["template"]["spec"]["containers"][0]["imagePullPolicy"] = "IfNotPresent";
  live[0]["metadata"]["labels"]["added-by-a-controller"] = "x";
  const auto reconciliation = pair_objects(desired, live, std::nullopt);
  REQUIRE(reconciliation.objects.size() == 2);
  CHECK(reconciliation.in_sync());
  CHECK(reconciliation.count(SyncState::in_sync) == 2);
  for (const auto& object : reconciliation.objects) {
    CHECK(object.desired.has_value());
    CHECK(object.live.has_value());
  }
}

TEST_CASE("a changed replica count is modified") {
  const auto desired = prepare({deployment("web", 2)});
  auto live = applied(desired);
  live[0]["spec"]["replicas"] = 5;
  const auto reconciliation = pair_objects(desired, live, std::nullopt);
  CHECK(reconciliation.objects.front().state == SyncState::modified);
  CHECK_FALSE(reconciliation.in_sync());
  CHECK(reconciliation.count(SyncState::modified) == 1);
}

TEST_CASE("a new commit that changes a field is modified") {
  const auto old_desired = prepare({deployment("web", 2)});
  const auto live = applied(old_desired);
  const auto new_desired = prepare({deployment("web", 3)});
  CHECK(pair_objects(new_desired, live, std::nullopt).objects.front().state == SyncState::modified);
}

TEST_CASE("a field removed from git is modified through the recorded hash") {
  auto with_extra = deployment("web", 2);
  with_extra["spec"]["minReadySeconds"] = 5;
  const auto live = applied(prepare({with_extra}));
  CHECK(pair_objects(prepare({deployment("web", 2)}), live, std::nullopt).objects.front().state ==
        SyncState::modified);
}

TEST_CASE("a Secret's stringData in git matches the data the server stores") {
  const auto secret = Json::parse(R"({"apiVersion": "v1", "kind": "Secret",
      "metadata": {"name": "db"}, "stringData": {"password": "s3cret"}})");
  const auto desired = prepare({secret});
  auto live = applied(desired);
  live[0].erase("stringData");
  live[0]["data"] = {{"password", base64("s3cret")}};
  CHECK(pair_objects(desired, live, std::nullopt).objects.front().state == SyncState::in_sync);
  live[0]["data"]["password"] = base64("changed");
  CHECK(pair_objects(desired, live, std::nullopt).objects.front().state == SyncState::modified);
}

TEST_CASE("git objects the cluster lacks are missing; labelled live objects git lacks are extra") {
  const auto desired = prepare({deployment("web", 2), config_map("settings")});
  const auto old = prepare({config_map("old"), config_map("copied")});
  const auto live = applied({desired[0], old[0], old[1]});
  const auto inventory = inventory_of({desired[0].key, old[0].key});
  const auto reconciliation = pair_objects(desired, live, inventory);
  REQUIRE(reconciliation.objects.size() == 4);
  CHECK(state_of(reconciliation, "web").state == SyncState::in_sync);
  CHECK(state_of(reconciliation, "web").in_inventory);
  const auto& settings = state_of(reconciliation, "settings");
  CHECK(settings.state == SyncState::missing);
  CHECK_FALSE(settings.live.has_value());
  CHECK_FALSE(settings.in_inventory);
  const auto& old_state = state_of(reconciliation, "old");
  CHECK(old_state.state == SyncState::extra);
  CHECK_FALSE(old_state.desired.has_value());
  CHECK(old_state.live.has_value());
  CHECK(old_state.in_inventory);
  CHECK_FALSE(state_of(reconciliation, "copied").in_inventory);
  CHECK(reconciliation.count(SyncState::extra) == 2);
  CHECK(reconciliation.count(SyncState::missing) == 1);
}

TEST_CASE("without an inventory nothing is in it") {
  const auto desired = prepare({config_map("settings")});
  const auto live = applied(desired);
  CHECK_FALSE(pair_objects(desired, live, std::nullopt).objects.front().in_inventory);
}

TEST_CASE("desired objects come in apply order, then extras in reverse apply order") {
  auto late = config_map("late");
  set_annotation(late, keys::k_sync_wave_annotation, "1");
  auto early = deployment("early", 1);
  set_annotation(early, keys::k_sync_wave_annotation, "-1");
  const auto desired = prepare(
      {deployment("web", 2), late, config_map("settings"), namespace_object("prod"), early});
  const auto extras =
      prepare({namespace_object("gone"), deployment("old-web", 1), config_map("old-settings")});
  const auto reconciliation = pair_objects(desired, applied(extras), std::nullopt);
  std::vector<std::string> names;
  for (const auto& object : reconciliation.objects) {
    names.push_back(object.key.name);
  }
  CHECK(names == std::vector<std::string>{"early", "prod", "settings", "web", "late", "old-web",
                                          "old-settings", "gone"});
}

TEST_CASE("to_string names every state") {
  CHECK(to_string(SyncState::in_sync) == "InSync");
  CHECK(to_string(SyncState::modified) == "Modified");
  CHECK(to_string(SyncState::missing) == "Missing");
  CHECK(to_string(SyncState::extra) == "Extra");
}

TEST_CASE("reconcile lists the app's objects of the desired and inventory kinds") {
  FakeCluster cluster;
  const auto desired = prepare({deployment("web", 2)});
  const auto old = prepare({config_map("old")});
  // Live: our Deployment, an old ConfigMap of the app, and another app's object.
  REQUIRE(cluster.apply({desired[0].object, old[0].object}, DryRun::no).has_value());
  auto foreign = config_map("foreign");
  foreign["metadata"]["namespace"] = "prod";
  set_label(foreign, keys::k_app_label, "other");
  REQUIRE(cluster.apply({foreign}, DryRun::no).has_value());

  auto discovered = cluster.api_resources();
  const Scope scope(*discovered, {});
  auto reconciliation = reconcile(cluster, scope, desired, inventory_of({old[0].key}), shop());
  REQUIRE(reconciliation.has_value());
  CHECK(cluster.lists == 1);
  REQUIRE(reconciliation->objects.size() == 2);
  CHECK(reconciliation->objects[0].key.name == "web");
  CHECK(reconciliation->objects[0].state == SyncState::in_sync);
  CHECK(reconciliation->objects[1].key.name == "old");
  CHECK(reconciliation->objects[1].state == SyncState::extra);

  // Without the inventory, nothing makes reconcile look at ConfigMaps.
  auto narrow = reconcile(cluster, scope, desired, std::nullopt, shop());
  REQUIRE(narrow.has_value());
  CHECK(narrow->objects.size() == 1);
}

namespace {

// A cluster whose lists answer from a snapshot taken earlier, as the agent's
// watch cache may lag the server; everything else is the server's.
class LaggingLists final : public Cluster {
 public:
  LaggingLists(FakeCluster& server, std::vector<Json> snapshot)
      : m_server(server), m_snapshot(std::move(snapshot)) {}
  int gets = 0;

  Result<std::vector<ApiResource>> api_resources() override { return m_server.api_resources(); }
  Result<std::vector<Json>> list(const std::vector<ApiResource>&, const std::string&) override {
    return m_snapshot;
  }
  Result<std::vector<Json>> list_namespace(const std::vector<ApiResource>& resources,
                                           const std::string& ns) override {
    return m_server.list_namespace(resources, ns);
  }
  Result<std::optional<Json>> get(const ApiResource& resource, const std::string& ns,
                                  const std::string& name) override {
    ++gets;
    return m_server.get(resource, ns, name);
  }
  Result<std::vector<ApplyResult>> apply(const std::vector<Json>& objects,
                                         DryRun dry_run) override {
    return m_server.apply(objects, dry_run);
  }
  Result<void> remove(const ApiResource& resource, const ResourceKey& key,
                      const std::string& uid) override {
    return m_server.remove(resource, key, uid);
  }
  Result<void> annotate(const ApiResource& resource, const ResourceKey& key,
                        const std::string& annotation,
                        const std::optional<std::string>& value) override {
    return m_server.annotate(resource, key, annotation, value);
  }
  Result<void> wait_established(const std::vector<std::string>& names,
                                std::chrono::seconds timeout) override {
    return m_server.wait_established(names, timeout);
  }

 private:
  FakeCluster& m_server;
  std::vector<Json> m_snapshot;
};

}  // namespace

TEST_CASE("live objects that may lag are read again before anything would write them") {
  FakeCluster server;
  const auto desired = prepare({deployment("web", 2), deployment("api", 1)});
  const auto old = prepare({config_map("relabelled"), config_map("gone"), config_map("orphan")});
  REQUIRE(server.apply({desired[0].object, desired[1].object}, DryRun::no).has_value());
  REQUIRE(server.apply({old[0].object, old[1].object, old[2].object}, DryRun::no).has_value());
  // The cache saw web drifted and three extras of the app...
  std::vector<Json> snapshot;
  for (const auto& [key, object] : server.objects) {
    snapshot.push_back(object);
  }
  for (auto& object : snapshot) {
    if (name_of(object) == "web") {
      object["spec"]["replicas"] = 5;
    }
  }
  // ...while on the server web was healed, one extra went to another app
  // and one is gone.
  auto& relabelled = server.objects.at(old[0].key);
  set_label(relabelled, keys::k_app_label, "other");
  server.objects.erase(old[1].key);

  auto discovered = server.api_resources();
  const Scope scope(*discovered, {});
  const auto inventory = inventory_of({old[0].key, old[1].key, old[2].key});
  LaggingLists lagging(server, snapshot);
  auto trusted = reconcile(lagging, scope, desired, inventory, shop());
  REQUIRE(trusted.has_value());
  CHECK(lagging.gets == 0);
  CHECK(state_of(*trusted, "web").state == SyncState::modified);
  CHECK(trusted->count(SyncState::extra) == 3);

  auto confirmed =
      reconcile(lagging, scope, desired, inventory, shop(), KindSearch::app, LiveReads::may_lag);
  REQUIRE(confirmed.has_value());
  // Only what a sync would write is read: web and the three extras, not api.
  CHECK(lagging.gets == 4);
  CHECK(state_of(*confirmed, "web").state == SyncState::in_sync);
  CHECK(state_of(*confirmed, "api").state == SyncState::in_sync);
  REQUIRE(confirmed->count(SyncState::extra) == 1);
  CHECK(state_of(*confirmed, "orphan").state == SyncState::extra);
}

TEST_CASE("drifted_fields names the fields that differ from git, and none when in sync") {
  const auto desired = prepare({deployment("web", 2)});
  auto live = applied(desired).front();
  CHECK(drifted_fields(desired.front(), live).empty());
  live["spec"]["replicas"] = 5;
  live["status"] = {{"replicas", 5}};  // the server's, never drift
  live["spec"]["template"]["spec"]["containers"][0]["image"] = "nginx:1.28";
  const auto fields = drifted_fields(desired.front(), live);
  CHECK(fields ==
        std::vector<std::string>{"spec.replicas", "spec.template.spec.containers[name=web].image"});
}

TEST_CASE("what a controller made from the app's objects is not an extra of the app") {
  Json slice{{"apiVersion", "discovery.k8s.io/v1"},
             {"kind", "EndpointSlice"},
             {"metadata",
              {{"name", "web-x2x"},
               {"namespace", "prod"},
               {"ownerReferences", Json::array({{{"kind", "Service"}, {"name", "web"}}})}}}};
  Json endpoints{{"apiVersion", "v1"},
                 {"kind", "Endpoints"},
                 {"metadata", {{"name", "web"}, {"namespace", "prod"}}}};
  set_label(endpoints, keys::k_endpoints_managed_by_label, "endpoint-controller");
  Json copied{{"apiVersion", "v1"},
              {"kind", "ConfigMap"},
              {"metadata", {{"name", "copied"}, {"namespace", "prod"}}}};
  for (auto* object : {&slice, &endpoints, &copied}) {
    set_label(*object, keys::k_app_label, "shop");  // copied from the Service, or by hand
  }
  const auto reconciliation = pair_objects({}, {slice, endpoints, copied}, std::nullopt);
  REQUIRE(reconciliation.objects.size() == 1);
  CHECK(reconciliation.objects.front().key.name == "copied");

  // A member of the inventory is the app's, owner references or not.
  Inventory inventory;
  inventory.members = {key_of(slice)};
  CHECK(pair_objects({}, {slice}, inventory).objects.size() == 1);
}
