#include <doctest/doctest.h>

#include <sstream>

#include "engine/sync.hpp"
#include "fake_cluster.hpp"
#include "fake_git_source.hpp"

using namespace kgitops;
using kgitops::testing::configmap;
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
  return run_sync(
      cluster, git, options, [](const PrunePlan&) { return false; }, log);
}

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
