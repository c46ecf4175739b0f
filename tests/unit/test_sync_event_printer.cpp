#include <doctest/doctest.h>

#include <functional>
#include <sstream>

#include "output/sync_event_printer.hpp"

using namespace kgitops;

namespace {

const ResourceKey k_web{"apps", "Deployment", "prod", "web"};

std::string printed(const std::function<void(SyncEventPrinter&)>& tell) {
  std::ostringstream out;
  SyncEventPrinter printer(out);
  tell(printer);
  return out.str();
}

}  // namespace

TEST_CASE("object outcomes print one line each, as sync always showed them") {
  CHECK(printed([](auto& p) {
          p.object({k_web, ObjectAction::configured, {}}, false);
        }) == "Deployment.apps prod/web configured\n");
  CHECK(printed([](auto& p) {
          p.object({k_web, ObjectAction::failed, "denied"}, false);
        }) == "Deployment.apps prod/web failed: denied\n");
  CHECK(printed([](auto& p) {
          p.object({k_web, ObjectAction::created, {}}, true);
        }) == "Deployment.apps prod/web created (server dry run)\n");
  CHECK(printed([](auto& p) {
          p.object({k_web, ObjectAction::created, "namespace created by this commit"}, true);
        }) == "Deployment.apps prod/web would be created (namespace created by this commit)\n");
  CHECK(printed([](auto& p) {
          p.object({k_web, ObjectAction::replaced, "spec.template is immutable"}, false);
        }) ==
        "Deployment.apps prod/web replaced: deleted and created again "
        "(spec.template is immutable)\n");
}

TEST_CASE("prune outcomes print as prune always showed them") {
  CHECK(printed([](auto& p) {
          p.object({k_web, ObjectAction::pruned, {}}, false);
        }) == "Deployment.apps prod/web pruned\n");
  CHECK(printed([](auto& p) {
          p.object({k_web, ObjectAction::pruned, "dry run"}, true);
        }) == "Deployment.apps prod/web pruned (dry run)\n");
  CHECK(printed([](auto& p) {
          p.object({k_web, ObjectAction::prune_failed, "forbidden"}, false);
        }) == "Deployment.apps prod/web prune failed: forbidden\n");
}

TEST_CASE("health waits name why they wait; their end and prune decisions print nothing") {
  CHECK(printed([](auto& p) {
          p.health_wait({HealthWaitReason::wave, 2, 3, std::chrono::seconds(300)});
        }) == "wave 2: waiting for the health of 3 object(s) of earlier waves\n");
  CHECK(printed([](auto& p) {
          p.health_wait({HealthWaitReason::post_sync, 0, 4, std::chrono::seconds(300)});
        }) == "PostSync: waiting for the health of 4 object(s)\n");
  CHECK(printed([](auto& p) {
          p.health_wait({HealthWaitReason::final, 0, 4, std::chrono::seconds(90)});
        }) == "waiting up to 90s for 4 object(s) to be healthy\n");
  CHECK(printed([](auto& p) {
          p.health(HealthWaitResult{});
          p.prune_decision({k_web, false, "opted out"});
          p.wave({1, 2});
        }).empty());
}

TEST_CASE("hook steps print their phase, object and result") {
  const ResourceKey job{"batch", "Job", "prod", "migrate"};
  CHECK(printed([&](auto& p) {
          p.hook({HookStep::running, HookPhase::pre_sync, job, {}, {}});
          p.hook({HookStep::finished, HookPhase::pre_sync, job, "Succeeded", {}});
          p.hook({HookStep::finished, HookPhase::post_sync, job, "Failed", "Degraded: oom"});
          p.hook({HookStep::would_run, HookPhase::sync, job, {}, {}});
          p.hook({HookStep::not_deleted, HookPhase::sync, job, {}, "forbidden"});
        }) ==
        "PreSync hook Job.batch prod/migrate running\n"
        "PreSync hook Job.batch prod/migrate succeeded\n"
        "PostSync hook Job.batch prod/migrate failed: Degraded: oom\n"
        "Sync hook Job.batch prod/migrate would run\n"
        "hook Job.batch prod/migrate not deleted: forbidden\n");
}
