#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "engine/app_status.hpp"
#include "engine/sync.hpp"
#include "fake_cluster.hpp"
#include "fake_git_source.hpp"
#include "output/sync_event_printer.hpp"

using namespace kgitops;
using kgitops::testing::deployment;
using kgitops::testing::FakeCluster;
using kgitops::testing::FakeGitSource;

namespace {

void sync_app(FakeCluster& cluster, FakeGitSource& git, const std::string& name) {
  SyncOptions options;
  options.app.name = name;
  options.app.source = SourceSpec{"https://git.example.com/acme/" + name + ".git", "main"};
  options.app.path = "";
  options.app.default_namespace = name;
  std::ostringstream log;
  SyncEventPrinter printer(log);
  auto report = run_sync(
      cluster, git, options, [](const PrunePlan&) { return false; }, printer);
  REQUIRE(report.has_value());
  REQUIRE(report->succeeded());
}

AppStatus status_of(FakeCluster& cluster, FakeGitSource& git, const std::string& app) {
  auto statuses = collect_status(cluster, git, app, "kubectl", TrustedHosts{});
  REQUIRE(statuses.has_value());
  REQUIRE(statuses->size() == 1);
  return statuses->front();
}

}  // namespace

TEST_CASE("an app just synced is Synced") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  git.files["other.yaml"] = deployment("api", 1);
  sync_app(cluster, git, "shop");
  const auto status = status_of(cluster, git, "shop");
  CHECK(status.sync_state == "Synced");
  CHECK(status.error.empty());
  CHECK(status.counts.at("InSync") == 2);
  CHECK(status.counts.at("Modified") == 0);
  CHECK(status.counts.at("Missing") == 0);
  CHECK(status.counts.at("Extra") == 0);
  CHECK(status.inventory.app == "shop");
  CHECK(status.inventory.last_commit == git.commit);
  CHECK(status.inventory.last_result == "Succeeded");
}

TEST_CASE("drift made in the cluster makes the app OutOfSync") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  sync_app(cluster, git, "shop");
  cluster.objects.at({"apps", "Deployment", "shop", "web"})["spec"]["replicas"] = 7;
  auto status = status_of(cluster, git, "shop");
  CHECK(status.sync_state == "OutOfSync");
  CHECK(status.counts.at("Modified") == 1);

  cluster.objects.erase({"apps", "Deployment", "shop", "web"});
  status = status_of(cluster, git, "shop");
  CHECK(status.sync_state == "OutOfSync");
  CHECK(status.counts.at("Missing") == 1);
}

TEST_CASE("status only reads: it writes nothing to the cluster") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  sync_app(cluster, git, "shop");
  cluster.objects.at({"apps", "Deployment", "shop", "web"})["spec"]["replicas"] = 7;
  const auto writes = cluster.applies + cluster.deletes;
  status_of(cluster, git, "shop");
  CHECK(cluster.applies + cluster.deletes == writes);
}

TEST_CASE("a commit that no longer renders makes the state Unknown, with the reason") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  sync_app(cluster, git, "shop");
  git.files["bad.yaml"] = "kind: [unclosed\n";
  const auto status = status_of(cluster, git, "shop");
  CHECK(status.sync_state == "Unknown");
  CHECK(status.error.find("bad.yaml") != std::string::npos);
  CHECK(to_json(status)["error"] == status.error);
}

TEST_CASE("collect_status without an app lists every app; an unknown app lists none") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  sync_app(cluster, git, "zeta");
  sync_app(cluster, git, "alpha");
  auto all = collect_status(cluster, git, "", "kubectl", TrustedHosts{});
  REQUIRE(all.has_value());
  REQUIRE(all->size() == 2);
  CHECK((*all)[0].inventory.app == "alpha");
  CHECK((*all)[1].inventory.app == "zeta");
  CHECK((*all)[0].sync_state == "Synced");
  auto none = collect_status(cluster, git, "absent", "kubectl", TrustedHosts{});
  REQUIRE(none.has_value());
  CHECK(none->empty());
}

TEST_CASE("to_json has the documented shape") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  sync_app(cluster, git, "shop");
  const auto json = to_json(status_of(cluster, git, "shop"));
  CHECK(json["app"] == "shop");
  CHECK(json["source"] == Json{{"repo", "https://git.example.com/acme/shop.git"},
                               {"revision", "main"},
                               {"path", ""}});
  CHECK(json["lastSync"]["commit"] == git.commit);
  CHECK(json["lastSync"]["result"] == "Succeeded");
  CHECK(json["lastSync"]["message"] == "");
  CHECK(json["lastSync"]["changedAt"].is_string());
  CHECK(json["lastSync"]["changedAt"].get<std::string>().size() == 20);  // RFC 3339, UTC
  CHECK(json["syncState"] == "Synced");
  CHECK(json["suspended"] == false);
  CHECK(json["objects"] == Json{{"InSync", 1}, {"Modified", 0}, {"Missing", 0}, {"Extra", 0}});
  CHECK(json["inventorySize"] == 1);
  CHECK_FALSE(json.contains("error"));
}

TEST_CASE("the status table has one row per app") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  sync_app(cluster, git, "shop");
  auto statuses = collect_status(cluster, git, "", "kubectl", TrustedHosts{});
  REQUIRE(statuses.has_value());
  std::ostringstream out;
  print_status_table(*statuses, out);
  std::istringstream lines(out.str());
  std::string header;
  std::string row;
  std::getline(lines, header);
  std::getline(lines, row);
  CHECK(header.starts_with("APP"));
  CHECK(header.find("SYNC") != std::string::npos);
  CHECK(row.starts_with("shop "));
  CHECK(row.find("Synced") != std::string::npos);
  CHECK(row.find("Succeeded") != std::string::npos);
  CHECK(row.find(git.commit.substr(0, 12) + " ") != std::string::npos);
  CHECK(row.find(git.commit.substr(0, 13)) == std::string::npos);
  CHECK(row.find("https://git.example.com/acme/shop.git") != std::string::npos);
}

TEST_CASE("status shows the app's health beside its sync state, naming what is not healthy") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 2);
  git.files["api.yaml"] = deployment("api", 1);
  sync_app(cluster, git, "shop");
  // api rolled out; web still waits for its pods.
  cluster.objects[{"apps", "Deployment", "shop", "api"}]["status"] = {
      {"replicas", 1}, {"updatedReplicas", 1}, {"availableReplicas", 1}};
  const auto lists = cluster.lists;
  auto status = status_of(cluster, git, "shop");
  CHECK(status.health == "Progressing");
  CHECK(status.health_counts.at("Healthy") == 1);
  CHECK(status.health_counts.at("Progressing") == 1);
  REQUIRE(status.unhealthy.size() == 1);
  CHECK(status.unhealthy[0].key == ResourceKey{"apps", "Deployment", "shop", "web"});
  CHECK(cluster.lists - lists <= 2);  // the inventory and the objects, nothing more for health

  const auto json = to_json(status);
  CHECK(json["health"]["status"] == "Progressing");
  CHECK(json["health"]["unhealthy"][0]["object"] == "Deployment.apps shop/web");
  CHECK(json["health"]["unhealthy"][0]["health"] == "Progressing");

  std::ostringstream table;
  print_status_table({status}, table);
  CHECK(table.str().find("HEALTH") != std::string::npos);
  CHECK(table.str().find("Progressing") != std::string::npos);
  CHECK(table.str().find("  Deployment.apps shop/web: Progressing: Waiting for rollout") !=
        std::string::npos);

  cluster.objects.erase({"apps", "Deployment", "shop", "web"});
  status = status_of(cluster, git, "shop");
  CHECK(status.health == "Missing");
}

namespace {

// Records what each checkout was asked for, then lets `inner` answer.
struct RecordingGitSource final : GitSource {
  explicit RecordingGitSource(FakeGitSource& git) : inner(git) {}
  Result<Checkout> checkout(const SourceSpec& spec) override {
    asked.push_back(spec);
    return inner.checkout(spec);
  }
  FakeGitSource& inner;
  std::vector<SourceSpec> asked;
};

}  // namespace

TEST_CASE("status fetches the recorded repository with credentials only for a trusted host") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["web.yaml"] = deployment("web", 1);
  sync_app(cluster, git, "web");
  RecordingGitSource recording(git);

  REQUIRE(collect_status(cluster, recording, "web", "kubectl", TrustedHosts{}).has_value());
  REQUIRE(recording.asked.size() == 1);
  CHECK(recording.asked.back().repo == "https://git.example.com/acme/web.git");
  CHECK(recording.asked.back().credentials.host.empty());

  REQUIRE(collect_status(cluster, recording, "web", "kubectl",
                         TrustedHosts{{"other.example.com"}, false})
              .has_value());
  CHECK(recording.asked.back().credentials.host.empty());

  REQUIRE(
      collect_status(cluster, recording, "web", "kubectl", TrustedHosts{{"git.example.com"}, false})
          .has_value());
  CHECK(recording.asked.back().credentials.host == "git.example.com");
}
