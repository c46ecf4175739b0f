#include <doctest/doctest.h>

#include "cli/global_flags.hpp"
#include "cli/sync_command.hpp"
#include "cli/watch_command.hpp"
#include "core/defaults.hpp"
#include "core/duration.hpp"
#include "engine/health_wait.hpp"
#include "engine/sync.hpp"
#include "watch/app_worker.hpp"
#include "watch/watch_service.hpp"

using namespace kgitops;

TEST_CASE("the flags' defaults are the defaults of the options they become") {
  const GlobalFlags globals;
  CHECK(*parse_duration(globals.request_timeout, "") == ClusterOptions{}.request_timeout);
  CHECK(*parse_duration(globals.git_timeout, "") == defaults::k_git_fetch_timeout);
  CHECK(globals.request_timeout == "30s");
  CHECK(globals.git_timeout == "2m");
  const SyncFlags sync;
  CHECK(sync.timeout == "5m");
  CHECK(*parse_duration(sync.timeout, "") == HealthWaitOptions{}.timeout);
  const WatchFlags watch;
  CHECK(watch.interval == "15s");
  CHECK(*parse_duration(watch.interval, "") == WatchedApp{}.interval);
}

TEST_CASE("the fight limit and the listen address are the same for flags, watch and worker") {
  const WatchFlags flags;
  const WatchOptions options;
  const AppWorkerOptions worker;
  CHECK(flags.fight_limit == defaults::k_fight_limit);
  CHECK(options.fight_limit == defaults::k_fight_limit);
  CHECK(worker.fight_limit == defaults::k_fight_limit);
  CHECK(worker.fight_window == defaults::k_fight_window);
  CHECK(flags.listen == options.listen);
  CHECK(options.listen == "127.0.0.1:9090");
}

TEST_CASE("sync and hooks wait as long as each other for a replaced object") {
  CHECK(SyncOptions{}.replace_timeout == defaults::k_replace_timeout);
  CHECK(HookRunOptions{}.replace_timeout == defaults::k_replace_timeout);
  CHECK(SyncOptions{}.crd_timeout == defaults::k_crd_timeout);
}
