#include <doctest/doctest.h>

#include <sstream>

#include "core/constants.hpp"
#include "engine/sync.hpp"
#include "fake_cluster.hpp"
#include "fake_git_source.hpp"
#include "output/sync_event_printer.hpp"

using namespace kgitops;
using kgitops::testing::configmap;
using kgitops::testing::deployment;
using kgitops::testing::FakeCluster;
using kgitops::testing::FakeGitSource;

namespace {

SyncOptions options_for(bool prune, bool dry_run = false) {
  SyncOptions options;
  options.app.name = "shop";
  options.app.source = SourceSpec{"/repos/shop", ""};
  options.app.default_namespace = "prod";
  options.prune = prune;
  options.dry_run = dry_run;
  return options;
}

Result<SyncReport> sync(FakeCluster& cluster, FakeGitSource& git, const SyncOptions& options,
                        std::ostringstream& log) {
  SyncEventPrinter printer(log);
  return run_sync(
      cluster, git, options, [](const PrunePlan&) { return false; }, printer);
}

std::string forced(const std::string& manifest) {
  const auto metadata = manifest.find("metadata:\n");
  return manifest.substr(0, metadata + 10) + "  annotations: {" +
         std::string(keys::k_force_annotation) + ": enabled}\n" + manifest.substr(metadata + 10);
}

const ResourceKey k_web{"apps", "Deployment", "prod", "web"};

const ObjectOutcome* outcome_of(const SyncReport& report, const std::string& name) {
  for (const auto& outcome : report.outcomes) {
    if (outcome.key.name == name) {
      return &outcome;
    }
  }
  return nullptr;
}

}  // namespace

TEST_CASE("a dry run reports what waits for a Namespace of the commit as to be created") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["ns.yaml"] = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop-ns\n";
  git.files["cm.yaml"] = configmap("settings", "shop-ns");
  git.files["other.yaml"] = configmap("other");
  std::ostringstream log;
  auto report = sync(cluster, git, options_for(true, true), log);
  REQUIRE(report.has_value());
  CHECK(report->succeeded());
  CHECK(report->count(ObjectAction::created) == 3);
  const auto* settings = outcome_of(*report, "settings");
  REQUIRE(settings != nullptr);
  CHECK(settings->detail == "namespace created by this commit");
  REQUIRE(outcome_of(*report, "other") != nullptr);
  CHECK(outcome_of(*report, "other")->detail.empty());  // sent: its namespace exists
  CHECK(log.str().find("ConfigMap shop-ns/settings would be created (namespace created by this "
                       "commit)") != std::string::npos);
  CHECK(cluster.objects.empty());
}

TEST_CASE("an immutable change replaces an object that opts in, and counts it as replaced") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = forced(deployment("web", 2));
  std::ostringstream log;
  REQUIRE(sync(cluster, git, options_for(true), log)->succeeded());
  const auto uid = cluster.objects.at(k_web)["metadata"]["uid"];
  git.files["web.yaml"] = forced(deployment("web", 3));
  cluster.immutable_names.insert("web");
  auto report = sync(cluster, git, options_for(true), log);
  REQUIRE(report.has_value());
  CHECK(report->succeeded());
  CHECK(report->count(ObjectAction::replaced) == 1);
  CHECK(cluster.objects.at(k_web)["metadata"]["uid"] != uid);
  CHECK(cluster.objects.at(k_web)["spec"]["replicas"] == 3);
  CHECK(log.str().find("replaced: deleted and created again (spec.template is immutable)") !=
        std::string::npos);
  auto inventory = load_inventory(cluster, "shop");
  CHECK((*inventory)->last_result == "Succeeded");
  CHECK((*inventory)->last_message.empty());
}

TEST_CASE(
    "an immutable change of an object that does not opt in fails, names the field, prunes "
    "nothing") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  git.files["old.yaml"] = configmap("old");
  std::ostringstream log;
  REQUIRE(sync(cluster, git, options_for(true), log)->succeeded());
  git.files.erase("old.yaml");
  git.files["web.yaml"] = deployment("web", 3);
  cluster.immutable_names.insert("web");
  auto report = sync(cluster, git, options_for(true), log);
  REQUIRE(report.has_value());
  CHECK_FALSE(report->succeeded());
  const auto* web = outcome_of(*report, "web");
  REQUIRE(web != nullptr);
  CHECK(web->action == ObjectAction::failed);
  CHECK(web->detail.find("web.yaml") != std::string::npos);
  CHECK(web->detail.find("spec.template") != std::string::npos);
  CHECK(web->detail.find("gitops.kubectl.dev/force: enabled") != std::string::npos);
  CHECK(report->count(ObjectAction::pruned) == 0);
  CHECK(cluster.objects.contains({"", "ConfigMap", "prod", "old"}));
  CHECK(cluster.deletes == 0);
}

TEST_CASE("a dry run says an object that opts in would be replaced, and deletes nothing") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = forced(deployment("web", 2));
  std::ostringstream log;
  REQUIRE(sync(cluster, git, options_for(true), log)->succeeded());
  git.files["web.yaml"] = forced(deployment("web", 3));
  cluster.immutable_names.insert("web");
  std::ostringstream dry_log;
  auto report = sync(cluster, git, options_for(true, true), dry_log);
  REQUIRE(report.has_value());
  CHECK(report->succeeded());
  CHECK(report->count(ObjectAction::replaced) == 1);
  CHECK(dry_log.str().find("would be replaced (spec.template is immutable)") != std::string::npos);
  CHECK(cluster.deletes == 0);
  CHECK(cluster.objects.at(k_web)["spec"]["replicas"] == 2);
}
