#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cluster/cluster_options.hpp"
#include "cluster/lease_store.hpp"
#include "core/defaults.hpp"
#include "git/git_source.hpp"
#include "http/http_server.hpp"
#include "watch/app_worker.hpp"
#include "watch/leader_election.hpp"
#include "watch/watch_config.hpp"
#include "watch/watch_log.hpp"

namespace kgitops {

struct WatchOptions {
  std::vector<WatchedApp> apps;
  ClusterOptions cluster;
  std::filesystem::path cache_dir;
  std::string listen = std::string(defaults::k_listen_address);
  std::optional<std::string> webhook_secret;  // nullopt: webhooks disabled
  LogFormat log_format = LogFormat::text;
  int fight_limit = defaults::k_fight_limit;
  int max_concurrent_syncs = defaults::k_max_concurrent_syncs;
  int max_concurrent_heals = defaults::k_max_concurrent_heals;
  // One shard of a fleet (--shard): the kind watches select this agent's
  // apps by name.
  bool watch_own_apps_only = false;
  std::chrono::milliseconds git_timeout = defaults::k_git_fetch_timeout;  // each fetch
  HttpServerLimits http;
  // How often /readyz asks whether the cluster answers.
  std::chrono::milliseconds probe_interval{5'000};
  // Set: only the holder of this Lease syncs and heals; the others stand by.
  std::optional<LeaderElectionOptions> leader_election;
  // The apps as listed now, read again on SIGHUP (the --config file, this
  // agent's shard of it); none when the app comes from flags.
  std::function<Result<std::vector<WatchedApp>>()> reload;
};

// What the watch reaches the world through: kubectl and libgit2 in the
// binary (real_watch_dependencies), fakes in unit tests.
struct WatchDependencies {
  // A worker's cluster, git and kind watches, acting as `cluster` says.
  std::function<AppWorkerDependencies(const ClusterOptions& cluster)> worker;
  // The Lease that leader election holds.
  std::function<std::unique_ptr<LeaseStore>(const LeaderElectionOptions& election)> lease_store;
  // Whether the cluster answers (drives /readyz).
  std::function<Result<void>()> probe;
  // Called once the HTTP server listens, with its address and a function
  // that stops the watch as SIGTERM does (safe from any thread).
  std::function<void(const std::string& address, std::function<void()> stop)> on_listening;
};

WatchDependencies real_watch_dependencies(const WatchOptions& options);

// Runs the watch until SIGTERM or SIGINT: one worker per app (on pools of a
// few threads), the HTTP
// endpoints, a reload of the apps on SIGHUP (see AppSet), then an orderly stop (the step in
// progress finishes, every kubectl is killed and reaped). The first log line gives the address the
// HTTP server listens on. Returns 0 after a signal; fails when it cannot
// listen.
Result<void> run_watch(const WatchOptions& options, const WatchDependencies& dependencies,
                       std::ostream& out);

}  // namespace kgitops
