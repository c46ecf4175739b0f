#pragma once

#include <chrono>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "cluster/cluster_options.hpp"
#include "core/defaults.hpp"
#include "git/git_source.hpp"
#include "watch/http_server.hpp"
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
  std::chrono::milliseconds git_timeout = defaults::k_git_fetch_timeout;  // each fetch
  HttpServerLimits http;
  // How often /readyz asks whether the cluster answers.
  std::chrono::milliseconds probe_interval{5'000};
  // Set: only the holder of this Lease syncs and heals; the others stand by.
  std::optional<LeaderElectionOptions> leader_election;
};

// Runs the watch until SIGTERM or SIGINT: one worker per app, the HTTP
// endpoints, then an orderly stop (the step in progress finishes, every
// kubectl is killed and reaped). The first log line gives the address the
// HTTP server listens on. Returns 0 after a signal; fails when it cannot
// listen.
Result<void> run_watch(const WatchOptions& options, std::ostream& out);

}  // namespace kgitops
