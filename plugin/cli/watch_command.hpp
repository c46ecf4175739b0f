#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "cli/global_flags.hpp"
#include "cli/source_flags.hpp"
#include "watch/watch_service.hpp"

namespace kgitops {

// The flags of `watch`, as typed.
struct WatchFlags {
  SourceFlags source;
  std::string config;
  bool prune = false;
  OwnershipOptions ownership;
  std::string interval = "15s";
  std::string listen = "127.0.0.1:9090";
  std::string webhook_secret_file;
  std::string log_format = "text";
  int fight_limit = 5;
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
