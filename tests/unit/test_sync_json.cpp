#include <doctest/doctest.h>

#include <string>

#include "output/sync_json.hpp"

using namespace kgitops;

namespace {

const ResourceKey k_web{"apps", "Deployment", "prod", "web"};
const ResourceKey k_settings{"", "ConfigMap", "prod", "settings"};

SyncReport report_with_everything() {
  SyncReport report;
  report.app = "shop";
  report.commit = "0123456789abcdef";
  report.dry_run = true;
  report.outcomes = {{k_web, ObjectAction::configured, ""},
                     {k_settings, ObjectAction::prune_failed, "forbidden"}};
  report.kept = {{{"", "Secret", "prod", "legacy"}, false, "prune disabled by annotation"}};
  report.unchanged = 4;
  report.ownership.adoptable = {{k_web, "unmanaged", "no owner marks"}};
  HealthWaitResult health;
  health.outcome = HealthWaitOutcome::timed_out;
  health.waited = std::chrono::milliseconds(2500);
  health.blocking = {{k_web, {HealthState::progressing, "1 of 2 replicas ready"}}};
  report.health = health;
  report.object_health = {{k_web, {HealthState::progressing, "1 of 2 replicas ready"}}};
  report.hook_runs = {{{"batch", "Job", "prod", "migrate"},
                       HookPhase::pre_sync,
                       "Succeeded",
                       "",
                       "2026-12-01T10:00:00Z"}};
  return report;
}

}  // namespace

TEST_CASE("the SyncReport document: version, app, commit, dry run and whether it succeeded") {
  const auto document = sync_to_json(report_with_everything());
  CHECK(document["apiVersion"] == "gitops.kubectl.dev/v1");
  CHECK(document["kind"] == "SyncReport");
  CHECK(document["app"] == "shop");
  CHECK(document["commit"] == "0123456789abcdef");
  CHECK(document["dryRun"] == true);
  CHECK(document["succeeded"] == false);
  CHECK(document["refusal"] == "");
}

TEST_CASE("the SyncReport document: each outcome with its action, and the counts of each") {
  const auto document = sync_to_json(report_with_everything());
  REQUIRE(document["outcomes"].size() == 2);
  CHECK(document["outcomes"][0] == Json{{"group", "apps"},
                                        {"kind", "Deployment"},
                                        {"namespace", "prod"},
                                        {"name", "web"},
                                        {"action", "configured"},
                                        {"detail", ""}});
  CHECK(document["outcomes"][1]["action"] == "pruneFailed");
  CHECK(document["outcomes"][1]["detail"] == "forbidden");
  CHECK(document["summary"] == Json{{"created", 0},
                                    {"adopted", 0},
                                    {"configured", 1},
                                    {"replaced", 0},
                                    {"pruned", 0},
                                    {"pruneFailed", 1},
                                    {"failed", 0},
                                    {"unchanged", 4}});
}

TEST_CASE("the SyncReport document: kept prune decisions with why, and ownership claims") {
  const auto document = sync_to_json(report_with_everything());
  REQUIRE(document["kept"].size() == 1);
  CHECK(document["kept"][0]["kind"] == "Secret");
  CHECK(document["kept"][0]["reason"] == "prune disabled by annotation");
  CHECK(document["ownership"]["adoptable"][0]["holder"] == "unmanaged");
  CHECK(document["ownership"]["conflicts"] == Json::array());
  CHECK(document["ownership"]["sourceConflict"] == "");
}

TEST_CASE("the SyncReport document: the health wait, each object's health and hook runs") {
  const auto document = sync_to_json(report_with_everything());
  CHECK(document["health"]["outcome"] == "TimedOut");
  CHECK(document["health"]["waitedSeconds"] == 2.5);
  CHECK(document["health"]["blocking"][0]["health"] == "Progressing");
  CHECK(document["health"]["blocking"][0]["message"] == "1 of 2 replicas ready");
  CHECK(document["objectHealth"][0]["name"] == "web");
  REQUIRE(document["hookRuns"].size() == 1);
  CHECK(document["hookRuns"][0] == Json{{"group", "batch"},
                                        {"kind", "Job"},
                                        {"namespace", "prod"},
                                        {"name", "migrate"},
                                        {"phase", "PreSync"},
                                        {"result", "Succeeded"},
                                        {"detail", ""},
                                        {"finishedAt", "2026-12-01T10:00:00Z"}});
}

TEST_CASE("the SyncReport document: no health wait is null, empty lists stay lists") {
  SyncReport report;
  report.app = "shop";
  const auto document = sync_to_json(report);
  CHECK(document["health"].is_null());
  CHECK(document["succeeded"] == true);
  for (const auto* list : {"outcomes", "kept", "objectHealth", "hookRuns"}) {
    CAPTURE(list);
    CHECK(document[list] == Json::array());
  }
}

TEST_CASE("action and health outcome names are stable words, not the log's") {
  CHECK(action_name(ObjectAction::prune_failed) == "pruneFailed");
  CHECK(action_name(ObjectAction::adopted) == "adopted");
  CHECK(health_outcome_name(HealthWaitOutcome::healthy) == "Healthy");
  CHECK(health_outcome_name(HealthWaitOutcome::degraded) == "Degraded");
}
