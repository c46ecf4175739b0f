#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "cli/global_flags.hpp"
#include "cli/source_flags.hpp"
#include "core/defaults.hpp"
#include "core/duration.hpp"
#include "engine/sync.hpp"

namespace kgitops {

// The flags of `sync`, as typed.
struct SyncFlags {
  SourceFlags source;
  bool prune = false;
  bool dry_run = false;
  bool allow_empty = false;
  bool confirm_prune = false;
  OwnershipOptions ownership;
  bool wait = false;
  std::string timeout = format_duration(defaults::k_health_timeout);
  std::string output = "table";
};

void add_sync_flags(CLI::App& command, SyncFlags& flags);

// The sync these flags ask for, everything but where progress goes; an error
// names the flag at fault. Reaches neither the cluster nor git.
Result<SyncOptions> to_sync_options(const SyncFlags& flags, const GlobalFlags& globals);

}  // namespace kgitops
