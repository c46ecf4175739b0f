#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "engine/app_comparison.hpp"
#include "engine/sync.hpp"
#include "fake_cluster.hpp"
#include "fake_git_source.hpp"
#include "object_named.hpp"
#include "output/sync_event_printer.hpp"

using namespace kgitops;
using kgitops::testing::configmap;
using kgitops::testing::deployment;
using kgitops::testing::FakeCluster;
using kgitops::testing::FakeGitSource;

namespace {

AppSpec shop() {
  AppSpec app;
  app.name = "shop";
  app.source = SourceSpec{"/repos/shop", "main"};
  app.default_namespace = "prod";
  return app;
}

void sync_shop(FakeCluster& cluster, FakeGitSource& git) {
  SyncOptions options;
  options.app = shop();
  std::ostringstream log;
  SyncEventPrinter printer(log);
  auto report = run_sync(
      cluster, git, options, [](const PrunePlan&) { return false; }, printer);
  REQUIRE(report.has_value());
  REQUIRE(report->succeeded());
}

const ObjectState& state_of(const Reconciliation& reconciliation, const std::string& name) {
  return kgitops::testing::object_named(reconciliation.objects, name);
}

}  // namespace

TEST_CASE("an app never synced compares as all missing, without an inventory") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  const auto compared = compare_app(git, cluster, shop(), "kubectl");
  REQUIRE(compared.has_value());
  CHECK_FALSE(compared->inventory.has_value());
  CHECK(compared->loaded.checkout.commit == git.commit);
  REQUIRE(compared->reconciliation.objects.size() == 1);
  CHECK(compared->reconciliation.objects[0].state == SyncState::missing);
  CHECK(cluster.applies == 0);
}

TEST_CASE("a synced app pairs git with the live objects and its inventory, and writes nothing") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  git.files["settings.yaml"] = configmap("settings");
  sync_shop(cluster, git);
  const auto writes = cluster.applies + cluster.deletes;

  cluster.objects.at({"apps", "Deployment", "prod", "web"})["spec"]["replicas"] = 5;
  git.files.erase("settings.yaml");
  const auto compared = compare_app(git, cluster, shop(), "kubectl");
  REQUIRE(compared.has_value());
  REQUIRE(compared->inventory.has_value());
  CHECK(compared->inventory->members.size() == 2);
  CHECK(state_of(compared->reconciliation, "web").state == SyncState::modified);
  CHECK(state_of(compared->reconciliation, "settings").state == SyncState::extra);
  CHECK(cluster.applies + cluster.deletes == writes);
}

TEST_CASE("a comparison fails with what failed: git, then the cluster") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  git.unreachable_repos.insert("/repos/shop");
  auto compared = compare_app(git, cluster, shop(), "kubectl");
  REQUIRE_FALSE(compared.has_value());
  CHECK(to_string(compared.error()).find("/repos/shop") != std::string::npos);

  git.unreachable_repos.clear();
  cluster.failing_lists.insert("deployments");
  compared = compare_app(git, cluster, shop(), "kubectl");
  REQUIRE_FALSE(compared.has_value());
  CHECK(to_string(compared.error()).find("deployments") != std::string::npos);
}

TEST_CASE("an app declaring objects outside its reach is compared no further") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  git.files["other.yaml"] = configmap("other", "team-b");
  auto app = shop();
  app.reach.namespaces = {"prod"};
  const auto compared = compare_app(git, cluster, app, "kubectl");
  REQUIRE(compared.has_value());
  CHECK(compared->reach_refusal.find("ConfigMap team-b/other (other.yaml:1)") != std::string::npos);
  CHECK(compared->reconciliation.objects.empty());
  CHECK(cluster.lists == 0);
  app.reach.namespaces.push_back("team-b");
  const auto allowed = compare_app(git, cluster, app, "kubectl");
  REQUIRE(allowed.has_value());
  CHECK(allowed->reach_refusal.empty());
  CHECK(allowed->reconciliation.objects.size() == 2);
}
