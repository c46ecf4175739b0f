#include <doctest/doctest.h>

#include <sstream>

#include "core/constants.hpp"
#include "engine/inventory.hpp"
#include "engine/sync.hpp"
#include "fake_cluster.hpp"
#include "fake_git_source.hpp"
#include "fake_health_clock.hpp"
#include "output/sync_event_printer.hpp"

using namespace kgitops;
using kgitops::testing::configmap;
using kgitops::testing::deployment;
using kgitops::testing::FakeCluster;
using kgitops::testing::FakeGitSource;
using kgitops::testing::FakeHealthClock;

namespace {

SyncOptions options_for(bool prune) {
  SyncOptions options;
  options.app.name = "shop";
  options.app.source = SourceSpec{"/repos/shop", ""};
  options.app.default_namespace = "prod";
  options.prune = prune;
  return options;
}

Result<SyncReport> sync(FakeCluster& cluster, FakeGitSource& git, const SyncOptions& options) {
  std::ostringstream log;
  SyncEventPrinter printer(log);
  return run_sync(
      cluster, git, options, [](const PrunePlan&) { return false; }, printer);
}

const ResourceKey k_web{"apps", "Deployment", "prod", "web"};

}  // namespace

TEST_CASE("a first sync creates every object with ownership marks and an inventory") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  git.files["config/settings.yaml"] = configmap("settings");
  auto report = sync(cluster, git, options_for(false));
  REQUIRE(report.has_value());
  CHECK(report->succeeded());
  CHECK(report->count(ObjectAction::created) == 2);
  const auto& web = cluster.objects.at(k_web);
  CHECK(label_of(web, keys::k_app_label) == "shop");
  CHECK(label_of(web, keys::k_applyset_part_of_label) == applyset_id("shop"));
  CHECK(annotation_of(web, keys::k_tracking_annotation) == "shop:apps/Deployment:prod/web");
  auto inventory = load_inventory(cluster, "shop");
  REQUIRE(inventory.has_value());
  REQUIRE(inventory->has_value());
  CHECK((*inventory)->members.size() == 2);
  CHECK((*inventory)->last_commit == git.commit);
  CHECK((*inventory)->last_result == "Succeeded");
}

TEST_CASE("a no-op sync writes nothing") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  REQUIRE(sync(cluster, git, options_for(true)).has_value());
  const auto writes = cluster.applies + cluster.deletes;
  auto again = sync(cluster, git, options_for(true));
  REQUIRE(again.has_value());
  CHECK(again->outcomes.empty());
  CHECK(again->unchanged == 1);
  CHECK(cluster.applies + cluster.deletes == writes);
}

TEST_CASE("a heal writes the drifted object only; a new commit writes the inventory too") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  git.files["settings.yaml"] = configmap("settings");
  REQUIRE(sync(cluster, git, options_for(true)).has_value());
  // Long ago, so that a heal that stamped the time would have to write it.
  const ResourceKey inventory_key{"", "ConfigMap", std::string(keys::k_inventory_namespace),
                                  inventory_name("shop")};
  const std::string changed_at = "2020-01-01T00:00:00Z";
  cluster.objects.at(inventory_key)["data"]["lastChangedAt"] = changed_at;
  cluster.objects.at(k_web)["spec"]["replicas"] = 5;
  const auto writes = cluster.applies;
  auto healed = sync(cluster, git, options_for(true));
  REQUIRE(healed.has_value());
  CHECK(healed->count(ObjectAction::configured) == 1);
  CHECK(cluster.applies == writes + 1);
  CHECK((*load_inventory(cluster, "shop"))->last_changed_at == changed_at);

  git.files["web.yaml"] = deployment("web", 3);
  git.commit = "next";
  auto moved = sync(cluster, git, options_for(true));
  REQUIRE(moved.has_value());
  CHECK(cluster.applies == writes + 3);  // the Deployment, then the inventory
  CHECK((*load_inventory(cluster, "shop"))->last_commit == "next");
  CHECK((*load_inventory(cluster, "shop"))->last_changed_at != changed_at);
}

TEST_CASE("an agent's sync stamps the inventory; a sync by hand keeps the stamp, writing nothing") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  auto agent = options_for(true);
  agent.agent = "host_1";
  REQUIRE(sync(cluster, git, agent).has_value());
  const auto stamp = [&] {
    auto inventory = load_inventory(cluster, "shop");
    REQUIRE(inventory.has_value());
    REQUIRE(inventory->has_value());
    return (*inventory)->agent;
  };
  CHECK(stamp() == "host_1");
  const auto writes = cluster.applies;
  REQUIRE(sync(cluster, git, options_for(true)).has_value());
  CHECK(stamp() == "host_1");
  CHECK(cluster.applies == writes);
  // Another agent's no-op sync writes its stamp, and only that.
  agent.agent = "host_2";
  REQUIRE(sync(cluster, git, agent).has_value());
  CHECK(stamp() == "host_2");
  CHECK(cluster.applies == writes + 1);
}

TEST_CASE("drift made by hand is reverted to git's value") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  REQUIRE(sync(cluster, git, options_for(false)).has_value());
  cluster.objects.at(k_web)["spec"]["replicas"] = 5;
  auto report = sync(cluster, git, options_for(false));
  REQUIRE(report.has_value());
  CHECK(report->count(ObjectAction::configured) == 1);
  CHECK(cluster.objects.at(k_web)["spec"]["replicas"] == 2);
}

TEST_CASE("drift of an object to leave drifted is kept, and the rest is synced") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  git.files["api.yaml"] = deployment("api", 2);
  REQUIRE(sync(cluster, git, options_for(false)).has_value());
  const ResourceKey api{"apps", "Deployment", "prod", "api"};
  cluster.objects.at(k_web)["spec"]["replicas"] = 5;
  cluster.objects.at(api)["spec"]["replicas"] = 5;
  auto options = options_for(false);
  options.leave_drifted = {k_web};
  auto report = sync(cluster, git, options);
  REQUIRE(report.has_value());
  CHECK(report->succeeded());
  CHECK(report->count(ObjectAction::configured) == 1);
  CHECK(cluster.objects.at(k_web)["spec"]["replicas"] == 5);
  CHECK(cluster.objects.at(api)["spec"]["replicas"] == 2);
}

TEST_CASE("prune deletes what git no longer declares, only with --prune") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  git.files["settings.yaml"] = configmap("settings");
  REQUIRE(sync(cluster, git, options_for(false)).has_value());
  git.files.erase("settings.yaml");
  const ResourceKey settings{"", "ConfigMap", "prod", "settings"};

  REQUIRE(sync(cluster, git, options_for(false)).has_value());
  CHECK(cluster.objects.contains(settings));

  auto report = sync(cluster, git, options_for(true));
  REQUIRE(report.has_value());
  CHECK(report->count(ObjectAction::pruned) == 1);
  CHECK_FALSE(cluster.objects.contains(settings));
  auto inventory = load_inventory(cluster, "shop");
  CHECK_FALSE((*inventory)->members.contains(settings));
}

TEST_CASE("an object with the app's label but not in the inventory is never pruned") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  // ConfigMaps are a kind the app owns, so they are listed and seen.
  git.files["settings.yaml"] = configmap("settings");
  REQUIRE(sync(cluster, git, options_for(true)).has_value());
  const ResourceKey stray{"", "ConfigMap", "prod", "stray"};
  Json copied = Json::parse(R"({"apiVersion":"v1","kind":"ConfigMap",
      "metadata":{"name":"stray","namespace":"prod","uid":"u-stray"}})");
  set_label(copied, keys::k_app_label, "shop");
  cluster.objects[stray] = copied;
  auto report = sync(cluster, git, options_for(true));
  REQUIRE(report.has_value());
  CHECK(cluster.objects.contains(stray));
  REQUIRE(report->kept.size() == 1);
  CHECK(report->kept.front().reason.find("inventory") != std::string::npos);
}

TEST_CASE("an empty render refuses to prune and changes nothing") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  REQUIRE(sync(cluster, git, options_for(true)).has_value());
  git.files.clear();
  const auto writes = cluster.applies;
  auto report = sync(cluster, git, options_for(true));
  REQUIRE(report.has_value());
  CHECK_FALSE(report->refusal.empty());
  CHECK(cluster.objects.contains(k_web));
  CHECK(cluster.applies == writes);

  auto options = options_for(true);
  options.allow_empty = true;
  report = sync(cluster, git, options);
  REQUIRE(report.has_value());
  CHECK(report->refusal.empty());
  CHECK_FALSE(cluster.objects.contains(k_web));
}

TEST_CASE("a prune over the mass-deletion bound stops without deleting anything") {
  FakeCluster cluster;
  FakeGitSource git;
  for (int i = 0; i < 12; ++i) {
    git.files["cm" + std::to_string(i) + ".yaml"] = configmap("cm" + std::to_string(i));
  }
  git.files["web.yaml"] = deployment("web", 2);
  REQUIRE(sync(cluster, git, options_for(true)).has_value());
  for (int i = 0; i < 12; ++i) {
    git.files.erase("cm" + std::to_string(i) + ".yaml");
  }
  const auto before = cluster.objects.size();
  auto report = sync(cluster, git, options_for(true));
  REQUIRE(report.has_value());
  CHECK(report->refusal.find("--confirm-prune") != std::string::npos);
  CHECK(cluster.objects.size() == before);
  CHECK(cluster.deletes == 0);

  auto options = options_for(true);
  options.confirm_prune = true;
  report = sync(cluster, git, options);
  REQUIRE(report.has_value());
  CHECK(report->count(ObjectAction::pruned) == 12);
}

TEST_CASE("a failed apply prunes nothing and records the failure") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  git.files["old.yaml"] = configmap("old");
  REQUIRE(sync(cluster, git, options_for(true)).has_value());
  git.files.erase("old.yaml");
  git.files["web.yaml"] = deployment("web", 3);
  cluster.failing_names.insert("web");
  auto report = sync(cluster, git, options_for(true));
  REQUIRE(report.has_value());
  CHECK_FALSE(report->succeeded());
  CHECK(report->count(ObjectAction::pruned) == 0);
  CHECK(cluster.objects.contains({"", "ConfigMap", "prod", "old"}));
  auto inventory = load_inventory(cluster, "shop");
  CHECK((*inventory)->last_result == "Failed");
  CHECK((*inventory)->last_message.find("web.yaml") != std::string::npos);
}

TEST_CASE("a malformed manifest fails the sync before anything is written") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  git.files["bad.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n";
  auto report = sync(cluster, git, options_for(true));
  REQUIRE_FALSE(report.has_value());
  CHECK(to_string(report.error()).find("bad.yaml") != std::string::npos);
  CHECK(cluster.applies == 0);
}

TEST_CASE("dry run writes nothing") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  auto options = options_for(true);
  options.dry_run = true;
  auto report = sync(cluster, git, options);
  REQUIRE(report.has_value());
  CHECK(report->count(ObjectAction::created) == 1);
  CHECK(cluster.objects.empty());
}

namespace {

std::string in_wave(const std::string& manifest, int wave) {
  const auto metadata = manifest.find("metadata:\n");
  return manifest.substr(0, metadata + 10) + "  annotations: {" +
         std::string(keys::k_sync_wave_annotation) + ": \"" + std::to_string(wave) + "\"}\n" +
         manifest.substr(metadata + 10);
}

// Health waits on a fake clock; after `roll_out_after` sleeps, the fake
// "controller" makes every Deployment available.
struct WaitingOptions : FakeHealthClock {
  int roll_out_after = -1;  // never

  SyncOptions make(FakeCluster& cluster, std::chrono::seconds timeout) {
    auto options = options_for(true);
    options.health = FakeHealthClock::options(timeout);
    on_sleep = [this, &cluster](int slept) {
      if (slept != roll_out_after) {
        return;
      }
      for (auto& [key, object] : cluster.objects) {
        if (key.kind == "Deployment") {
          const auto replicas = object["spec"].value("replicas", 1);
          object["status"] = {{"replicas", replicas},
                              {"updatedReplicas", replicas},
                              {"availableReplicas", replicas}};
        }
      }
    };
    return options;
  }
};

}  // namespace

TEST_CASE("a wave is applied only once the wave before it is healthy") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["db.yaml"] = in_wave(deployment("db", 1), 0);
  git.files["web.yaml"] = in_wave(deployment("web", 2), 1);
  WaitingOptions waiting;
  waiting.roll_out_after = 3;
  auto report = sync(cluster, git, waiting.make(cluster, std::chrono::seconds(60)));
  REQUIRE(report.has_value());
  CHECK(report->succeeded());
  CHECK(report->count(ObjectAction::created) == 2);
  CHECK(waiting.sleeps == 3);
  REQUIRE(report->health.has_value());
  CHECK(report->health->objects.size() == 1);  // waited for wave 0 only, not for web
}

TEST_CASE("a wave whose predecessor never gets healthy is not applied, and nothing is pruned") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["old.yaml"] = configmap("old");
  REQUIRE(sync(cluster, git, options_for(true)).has_value());
  git.files.erase("old.yaml");
  git.files["db.yaml"] = in_wave(deployment("db", 1), 0);
  git.files["web.yaml"] = in_wave(deployment("web", 2), 1);
  WaitingOptions waiting;
  auto report = sync(cluster, git, waiting.make(cluster, std::chrono::seconds(10)));
  REQUIRE(report.has_value());
  CHECK_FALSE(report->succeeded());
  CHECK(report->health->outcome == HealthWaitOutcome::timed_out);
  CHECK(cluster.objects.contains({"apps", "Deployment", "prod", "db"}));
  CHECK_FALSE(cluster.objects.contains({"apps", "Deployment", "prod", "web"}));
  CHECK(cluster.objects.contains({"", "ConfigMap", "prod", "old"}));
  auto inventory = load_inventory(cluster, "shop");
  CHECK((*inventory)->last_result == "Failed");
  CHECK((*inventory)->last_message.find("Deployment.apps prod/db is Progressing") !=
        std::string::npos);
}

TEST_CASE("unchanged earlier waves are checked too before a changed later wave") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["db.yaml"] = in_wave(deployment("db", 1), 0);
  git.files["web.yaml"] = in_wave(deployment("web", 2), 1);
  WaitingOptions first;
  first.roll_out_after = 1;
  REQUIRE(sync(cluster, git, first.make(cluster, std::chrono::seconds(60)))->succeeded());
  // db is unchanged and loses its pods; web changes: web waits for db again.
  cluster.objects[{"apps", "Deployment", "prod", "db"}]["status"]["availableReplicas"] = 0;
  git.files["web.yaml"] = in_wave(deployment("web", 3), 1);
  WaitingOptions second;
  auto report = sync(cluster, git, second.make(cluster, std::chrono::seconds(5)));
  REQUIRE(report.has_value());
  CHECK_FALSE(report->succeeded());
  CHECK(cluster.objects.at({"apps", "Deployment", "prod", "web"})["spec"]["replicas"] == 2);
}

TEST_CASE("without waves or --wait a sync never waits for health") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  WaitingOptions waiting;
  auto report = sync(cluster, git, waiting.make(cluster, std::chrono::seconds(5)));
  REQUIRE(report.has_value());
  CHECK(report->succeeded());
  CHECK_FALSE(report->health.has_value());
  CHECK(waiting.sleeps == 0);
}

TEST_CASE("--wait waits for every object after the sync and fails when one stays unhealthy") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  git.files["settings.yaml"] = configmap("settings");
  WaitingOptions healthy;
  healthy.roll_out_after = 2;
  auto options = healthy.make(cluster, std::chrono::seconds(60));
  options.wait = true;
  auto report = sync(cluster, git, options);
  REQUIRE(report.has_value());
  CHECK(report->succeeded());
  CHECK(report->health->outcome == HealthWaitOutcome::healthy);
  CHECK(report->health->objects.size() == 2);

  git.files["web.yaml"] = deployment("web", 4);
  WaitingOptions stuck;
  auto again = stuck.make(cluster, std::chrono::seconds(5));
  again.wait = true;
  auto failed = sync(cluster, git, again);
  REQUIRE(failed.has_value());
  CHECK_FALSE(failed->succeeded());
  CHECK(failed->health->outcome == HealthWaitOutcome::timed_out);
  REQUIRE(failed->health->blocking.size() == 1);
  CHECK(failed->health->blocking[0].key == k_web);
  // The inventory was written before the wait: the applied commit is on record.
  CHECK((*load_inventory(cluster, "shop"))->last_commit == git.commit);
}

TEST_CASE("a dry run never waits for health") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["db.yaml"] = in_wave(deployment("db", 1), 0);
  git.files["web.yaml"] = in_wave(deployment("web", 2), 1);
  WaitingOptions waiting;
  auto options = waiting.make(cluster, std::chrono::seconds(5));
  options.dry_run = true;
  options.wait = true;
  auto report = sync(cluster, git, options);
  REQUIRE(report.has_value());
  CHECK(report->succeeded());
  CHECK(waiting.sleeps == 0);
}

TEST_CASE("a sync reports every object's health, from the wait when one ran") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  git.files["settings.yaml"] = configmap("settings");
  auto first = sync(cluster, git, options_for(false));
  REQUIRE(first.has_value());
  // Before the first apply nothing existed: both Missing.
  REQUIRE(first->object_health.size() == 2);
  for (const auto& object : first->object_health) {
    CHECK(object.health.state == HealthState::missing);
  }
  auto second = sync(cluster, git, options_for(false));
  REQUIRE(second.has_value());
  std::map<std::string, HealthState> by_name;
  for (const auto& object : second->object_health) {
    by_name[object.key.name] = object.health.state;
  }
  CHECK(by_name.at("settings") == HealthState::healthy);
  CHECK(by_name.at("web") == HealthState::progressing);

  WaitingOptions waiting;
  waiting.roll_out_after = 1;
  auto options = waiting.make(cluster, std::chrono::seconds(30));
  options.wait = true;
  auto waited = sync(cluster, git, options);
  REQUIRE(waited.has_value());
  for (const auto& object : waited->object_health) {
    CHECK(object.health.state == HealthState::healthy);
  }
}

namespace {

std::string namespace_manifest(const std::string& name) {
  return "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + name + "\n";
}

Json existing(const std::string& kind, const std::string& ns, const std::string& name) {
  Json object{
      {"apiVersion", "v1"}, {"kind", kind}, {"metadata", {{"name", name}, {"uid", "u-" + name}}}};
  if (!ns.empty()) {
    object["metadata"]["namespace"] = ns;
  }
  return object;
}

const ResourceKey k_victim{"", "Namespace", "", "victim"};

}  // namespace

TEST_CASE("an object that already exists is not taken without --adopt, and nothing is written") {
  FakeCluster cluster;
  FakeGitSource git;
  cluster.objects[k_victim] = existing("Namespace", "", "victim");
  cluster.objects[{"", "Secret", "victim", "db"}] = existing("Secret", "victim", "db");
  git.files["ns.yaml"] = namespace_manifest("victim");
  git.files["web.yaml"] = deployment("web", 2);
  auto report = sync(cluster, git, options_for(true));
  REQUIRE(report.has_value());
  CHECK(report->refusal.find("Namespace victim: held by unmanaged") != std::string::npos);
  CHECK(report->refusal.find("--adopt") != std::string::npos);
  CHECK(cluster.applies == 0);
  CHECK_FALSE(label_of(cluster.objects.at(k_victim), keys::k_app_label).has_value());
}

TEST_CASE("--adopt takes an existing object over, records it, and prune never deletes it") {
  FakeCluster cluster;
  FakeGitSource git;
  cluster.objects[k_victim] = existing("Namespace", "", "victim");
  cluster.objects[{"", "Secret", "victim", "db"}] = existing("Secret", "victim", "db");
  git.files["ns.yaml"] = namespace_manifest("victim");
  git.files["web.yaml"] = deployment("web", 2);
  auto options = options_for(true);
  options.ownership.adopt = true;
  auto report = sync(cluster, git, options);
  REQUIRE(report.has_value());
  CHECK(report->refusal.empty());
  CHECK(report->count(ObjectAction::adopted) == 1);
  CHECK(report->count(ObjectAction::created) == 1);
  CHECK(label_of(cluster.objects.at(k_victim), keys::k_app_label) == "shop");
  auto inventory = load_inventory(cluster, "shop");
  REQUIRE(inventory.has_value());
  REQUIRE(inventory->has_value());
  CHECK((*inventory)->adopted == std::set<ResourceKey>{k_victim});

  // A later sync needs no --adopt: the object is the app's now.
  REQUIRE(sync(cluster, git, options_for(true))->refusal.empty());

  git.files.erase("ns.yaml");
  auto pruned = sync(cluster, git, options_for(true));
  REQUIRE(pruned.has_value());
  CHECK(pruned->count(ObjectAction::pruned) == 0);
  CHECK(cluster.objects.contains(k_victim));
  REQUIRE(pruned->kept.size() == 1);
  CHECK(pruned->kept.front().reason.find("--adopt") != std::string::npos);
}

TEST_CASE("a Namespace the app created is kept while it holds something that is not the app's") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["ns.yaml"] = namespace_manifest("victim");
  REQUIRE(sync(cluster, git, options_for(true))->refusal.empty());
  cluster.objects[{"", "Secret", "victim", "db"}] = existing("Secret", "victim", "db");
  git.files.erase("ns.yaml");
  git.files["web.yaml"] = deployment("web", 2);
  auto kept = sync(cluster, git, options_for(true));
  REQUIRE(kept.has_value());
  CHECK(cluster.objects.contains(k_victim));
  REQUIRE(kept->kept.size() == 1);
  CHECK(kept->kept.front().reason.find("Secret victim/db (unmanaged)") != std::string::npos);

  // Once it holds nothing else, it goes.
  cluster.objects.erase({"", "Secret", "victim", "db"});
  auto pruned = sync(cluster, git, options_for(true));
  REQUIRE(pruned.has_value());
  CHECK(pruned->count(ObjectAction::pruned) == 1);
  CHECK_FALSE(cluster.objects.contains(k_victim));
}

TEST_CASE("another app's object is refused even with --adopt, and that app keeps it") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["shared.yaml"] = configmap("shared", "team-b");
  auto x = options_for(true);
  x.app.name = "x";
  x.app.source.repo = "/repos/x";
  REQUIRE(sync(cluster, git, x)->refusal.empty());
  auto y = options_for(true);
  y.app.name = "y";
  y.app.source.repo = "/repos/y";
  y.ownership.adopt = true;
  const auto writes = cluster.applies;
  auto report = sync(cluster, git, y);
  REQUIRE(report.has_value());
  CHECK(report->refusal.find("ConfigMap team-b/shared: held by app x") != std::string::npos);
  CHECK(cluster.applies == writes);
  const ResourceKey shared{"", "ConfigMap", "team-b", "shared"};
  CHECK(annotation_of(cluster.objects.at(shared), keys::k_tracking_annotation) ==
        tracking_id("x", shared));
}

TEST_CASE("an app keeps its source: another repository under the same name is refused") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["settings.yaml"] = configmap("settings");
  auto team_a = options_for(true);
  team_a.app.source.repo = "/repos/team-a/shop";
  REQUIRE(sync(cluster, git, team_a)->refusal.empty());
  auto team_b = options_for(true);
  team_b.app.source.repo = "/repos/team-b/shop";
  git.files.clear();
  git.files["other.yaml"] = configmap("other");
  auto refused = sync(cluster, git, team_b);
  REQUIRE(refused.has_value());
  CHECK(refused->refusal.find("--take-over") != std::string::npos);
  CHECK(cluster.objects.contains({"", "ConfigMap", "prod", "settings"}));

  team_b.ownership.take_over = true;
  auto moved = sync(cluster, git, team_b);
  REQUIRE(moved.has_value());
  CHECK(moved->refusal.empty());
  CHECK((*load_inventory(cluster, "shop"))->repo == "/repos/team-b/shop");
}

TEST_CASE("git may not declare the inventory namespace") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["ns.yaml"] = namespace_manifest(std::string(keys::k_inventory_namespace));
  auto report = sync(cluster, git, options_for(true));
  REQUIRE(report.has_value());
  CHECK(report->refusal.find("held by kubectl-gitops") != std::string::npos);
  CHECK(cluster.applies == 0);
}

TEST_CASE("an object outside the app's reach refuses the sync before anything is read or written") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  git.files["elsewhere.yaml"] = configmap("settings", "team-b");
  auto options = options_for(true);
  options.app.reach.namespaces = {"prod"};
  for (const bool dry_run : {false, true}) {
    CAPTURE(dry_run);
    options.dry_run = dry_run;
    auto report = sync(cluster, git, options);
    REQUIRE(report.has_value());
    CHECK_FALSE(report->succeeded());
    CHECK(report->refusal.find("refusing to sync app shop: 1 object(s) outside the app's reach") ==
          0);
    CHECK(report->refusal.find("ConfigMap team-b/settings (elsewhere.yaml:1): namespace team-b "
                               "is not one of the allowed namespaces (prod)") != std::string::npos);
    CHECK(report->outcomes.empty());
    CHECK(cluster.applies == 0);
    CHECK(cluster.lists == 0);
    CHECK(cluster.objects.empty());  // not even the inventory
  }
}

TEST_CASE("prune never deletes what lies outside the app's reach") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  git.files["settings.yaml"] = configmap("settings");
  git.files["other.yaml"] = configmap("other", "team-b");
  REQUIRE(sync(cluster, git, options_for(false)).has_value());
  git.files.erase("settings.yaml");
  git.files.erase("other.yaml");
  auto options = options_for(true);
  options.app.reach.namespaces = {"prod"};
  auto report = sync(cluster, git, options);
  REQUIRE(report.has_value());
  CHECK(report->succeeded());
  CHECK(report->count(ObjectAction::pruned) == 1);
  CHECK_FALSE(cluster.objects.contains(ResourceKey{"", "ConfigMap", "prod", "settings"}));
  const ResourceKey other{"", "ConfigMap", "team-b", "other"};
  CHECK(cluster.objects.contains(other));
  REQUIRE(report->kept.size() == 1);
  CHECK(report->kept[0].key == other);
  CHECK(report->kept[0].reason.find("outside the app's reach") == 0);
}
