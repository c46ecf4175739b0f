#include <doctest/doctest.h>

#include <sstream>

#include "core/constants.hpp"
#include "engine/inventory.hpp"
#include "engine/sync.hpp"
#include "engine/sync_hooks.hpp"
#include "fake_cluster.hpp"
#include "fake_git_source.hpp"
#include "output/sync_event_printer.hpp"

using namespace kgitops;
using kgitops::testing::deployment;
using kgitops::testing::FakeCluster;
using kgitops::testing::FakeGitSource;

namespace {

SyncOptions options_for(bool prune) {
  SyncOptions options;
  options.app.name = "shop";
  options.app.source = SourceSpec{"/repos/shop", ""};
  options.app.default_namespace = "prod";
  options.prune = prune;
  return options;
}

Result<SyncReport> sync(FakeCluster& cluster, FakeGitSource& git, const SyncOptions& options,
                        std::ostringstream& log) {
  SyncEventPrinter printer(log);
  return run_sync(
      cluster, git, options, [](const PrunePlan&) { return false; }, printer);
}

// A ConfigMap hook (healthy once it exists): `name` may be "generateName: x-".
std::string hook(const std::string& phase, const std::string& name,
                 const std::string& policy = "") {
  return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  " + name + "\n  annotations:\n    " +
         std::string(keys::k_argo_hook_annotation) + ": " + phase + "\n" +
         (policy.empty() ? ""
                         : "    " + std::string(keys::k_hook_delete_policy_annotation) + ": " +
                               policy + "\n") +
         "data:\n  a: b\n";
}

std::vector<std::pair<ResourceKey, Json>> hooks_in(const FakeCluster& cluster) {
  std::vector<std::pair<ResourceKey, Json>> found;
  for (const auto& [key, object] : cluster.objects) {
    if (key.kind == "ConfigMap" && is_hook(object)) {
      found.emplace_back(key, object);
    }
  }
  return found;
}

int uid_number(const Json& object) {
  return std::stoi(object["metadata"]["uid"].get<std::string>().substr(4));
}

const ResourceKey k_web{"apps", "Deployment", "prod", "web"};

}  // namespace

TEST_CASE("a PreSync hook with generateName is created before the app's objects") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  git.files["migrate.yaml"] = hook("PreSync", "generateName: migrate-");
  std::ostringstream log;
  auto report = sync(cluster, git, options_for(true), log);
  REQUIRE(report.has_value());
  CHECK(report->succeeded());
  const auto hooks = hooks_in(cluster);
  REQUIRE(hooks.size() == 1);
  CHECK(hooks[0].first.name.starts_with("migrate-"));
  CHECK(hooks[0].first.name.size() == std::string("migrate-").size() + 5);
  CHECK(uid_number(hooks[0].second) < uid_number(cluster.objects.at(k_web)));
  REQUIRE(report->hook_runs.size() == 1);
  CHECK(report->hook_runs[0].result == "Succeeded");
  auto inventory = load_inventory(cluster, "shop");
  REQUIRE(inventory.has_value());
  REQUIRE(inventory->has_value());
  CHECK((*inventory)->members.size() == 1);  // the hook is no member
  REQUIRE((*inventory)->hook_runs.size() == 1);
  CHECK((*inventory)->hook_runs[0].starts_with("PreSync Succeeded "));
}

TEST_CASE("a failed PreSync hook stops the sync before anything else is written") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  git.files["migrate.yaml"] = hook("PreSync", "name: migrate");
  git.files["alert.yaml"] = hook("SyncFail", "name: alert");
  cluster.failing_names = {"migrate"};
  std::ostringstream log;
  auto report = sync(cluster, git, options_for(true), log);
  REQUIRE(report.has_value());
  CHECK_FALSE(report->succeeded());
  CHECK(report->outcomes.empty());
  CHECK_FALSE(cluster.objects.contains(k_web));
  CHECK(cluster.objects.contains({"", "ConfigMap", "prod", "alert"}));  // SyncFail ran
  auto inventory = load_inventory(cluster, "shop");
  REQUIRE(inventory.has_value());
  REQUIRE(inventory->has_value());
  CHECK((*inventory)->members.empty());
  CHECK((*inventory)->last_result == "Failed");
  CHECK((*inventory)->last_message.find("PreSync hook") != std::string::npos);
}

TEST_CASE("HookSucceeded deletes the hook after it succeeded; PostSync runs after the apply") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["settings.yaml"] = kgitops::testing::configmap("settings");
  git.files["smoke.yaml"] = hook("PostSync", "generateName: smoke-", "HookSucceeded");
  std::ostringstream log;
  auto report = sync(cluster, git, options_for(true), log);
  REQUIRE(report.has_value());
  CHECK(report->succeeded());
  CHECK(hooks_in(cluster).empty());
  REQUIRE(report->hook_runs.size() == 1);
  CHECK(report->hook_runs[0].phase == HookPhase::post_sync);
  CHECK(log.str().find("PostSync hook") > log.str().find("settings"));
}

TEST_CASE("a hook's run is never pruned, and a no-op sync runs no hook") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  git.files["migrate.yaml"] = hook("Sync", "name: migrate");
  std::ostringstream log;
  REQUIRE(sync(cluster, git, options_for(true), log).has_value());
  const auto writes = cluster.applies + cluster.deletes;
  auto again = sync(cluster, git, options_for(true), log);
  REQUIRE(again.has_value());
  CHECK(again->succeeded());
  CHECK(again->hook_runs.empty());
  CHECK(cluster.applies + cluster.deletes == writes);
  git.files.erase("migrate.yaml");
  git.files["web.yaml"] = deployment("web", 3);
  auto removed = sync(cluster, git, options_for(true), log);
  REQUIRE(removed.has_value());
  CHECK(removed->count(ObjectAction::pruned) == 0);
  CHECK(cluster.objects.contains({"", "ConfigMap", "prod", "migrate"}));
}

TEST_CASE("a fixed-name hook replaces its previous run (BeforeHookCreation)") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  git.files["migrate.yaml"] = hook("PreSync", "name: migrate");
  std::ostringstream log;
  REQUIRE(sync(cluster, git, options_for(true), log).has_value());
  const auto first = uid_number(cluster.objects.at({"", "ConfigMap", "prod", "migrate"}));
  git.files["web.yaml"] = deployment("web", 3);
  auto again = sync(cluster, git, options_for(true), log);
  REQUIRE(again.has_value());
  CHECK(again->succeeded());
  CHECK(uid_number(cluster.objects.at({"", "ConfigMap", "prod", "migrate"})) > first);
}

TEST_CASE("a dry run says which hooks would run and runs none") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  git.files["migrate.yaml"] = hook("PreSync", "generateName: migrate-");
  git.files["smoke.yaml"] = hook("PostSync", "name: smoke");
  auto options = options_for(true);
  options.dry_run = true;
  std::ostringstream log;
  auto report = sync(cluster, git, options, log);
  REQUIRE(report.has_value());
  CHECK(report->succeeded());
  CHECK(hooks_in(cluster).empty());
  REQUIRE(report->hook_runs.size() == 2);
  CHECK(report->hook_runs[0].result == "Skipped (dry run)");
  CHECK(log.str().find(" would run") != std::string::npos);
}

TEST_CASE("an object without a name is refused unless it is a hook with generateName") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: x-\n";
  std::ostringstream log;
  auto report = sync(cluster, git, options_for(true), log);
  REQUIRE_FALSE(report.has_value());
  CHECK(report.error().message.find("no metadata.name") != std::string::npos);
}

TEST_CASE("the inventory's record of hook runs is one line per run") {
  const std::vector<HookRun> runs{
      {{"batch", "Job", "prod", "migrate-x2b4d"}, HookPhase::pre_sync, "Succeeded", "", "T"}};
  CHECK(hook_run_lines(runs) ==
        std::vector<std::string>{"PreSync Succeeded T " + to_string(runs[0].key)});
}
