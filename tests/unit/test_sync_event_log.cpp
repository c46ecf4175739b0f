#include <doctest/doctest.h>

#include <sstream>

#include "watch/sync_event_log.hpp"

using namespace kgitops;

TEST_CASE("the watch logs a sync's events as records and counts objects by action") {
  std::ostringstream out;
  WatchLog log(out, LogFormat::text);
  WatchSyncEvents events(log, "shop");
  const ResourceKey web{"apps", "Deployment", "prod", "web"};
  const ResourceKey api{"", "Service", "prod", "api"};
  events.object({web, ObjectAction::configured, {}}, false);
  events.object({api, ObjectAction::created, {}}, false);
  events.object({api, ObjectAction::pruned, {}}, false);
  events.object({web, ObjectAction::failed, "denied"}, false);
  events.health_wait({HealthWaitReason::wave, 1, 2, std::chrono::seconds(300)});
  events.hook({HookStep::finished, HookPhase::post_sync, web, "Failed", "Degraded"});
  CHECK(events.applied() == 2);
  CHECK(events.failures() == 1);
  CHECK(events.count(ObjectAction::pruned) == 1);
  CHECK(events.count(ObjectAction::replaced) == 0);
  const auto text = out.str();
  CHECK(text.find("info app=shop object object=\"Deployment.apps prod/web\" action=configured") !=
        std::string::npos);
  CHECK(text.find("action=failed detail=denied") != std::string::npos);
  CHECK(text.find("app=shop waiting for health reason=wave objects=2 timeout=300s wave=1") !=
        std::string::npos);
  CHECK(text.find("warning app=shop hook phase=PostSync") != std::string::npos);
}
