#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "cli/global_flags.hpp"
#include "cli/source_flags.hpp"
#include "core/defaults.hpp"
#include "core/duration.hpp"
#include "watch/watch_service.hpp"

namespace kgitops {

// The flags of `watch`, as typed.
struct WatchFlags {
  SourceFlags source;
  std::string config;
  bool prune = false;
  OwnershipOptions ownership;
  std::string interval = format_duration(defaults::k_watch_interval);
  std::string listen = std::string(defaults::k_listen_address);
  std::string webhook_secret_file;
  std::string log_format = "text";
  int fight_limit = defaults::k_fight_limit;
  int max_concurrent_syncs = defaults::k_max_concurrent_syncs;
  int max_concurrent_heals = defaults::k_max_concurrent_heals;
  std::string shard;  // "N/M": only the apps of shard N of M
  bool leader_elect = false;
  std::string lease_namespace;  // empty: LeaderElectionOptions' default
  std::string lease_name;
};

void add_watch_flags(CLI::App& command, WatchFlags& flags);

// The watch these flags ask for: the apps (from --repo or the --config
// file) and the webhook secret (read from its file); an error names the
// flag at fault. Reads those files; reaches neither the cluster nor git.
Result<WatchOptions> to_watch_options(const WatchFlags& flags, const GlobalFlags& globals);

}  // namespace kgitops
