#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "cli/global_flags.hpp"
#include "cli/source_flags.hpp"

namespace kgitops {

// The flags of `prune`, as typed.
struct PruneFlags {
  SourceFlags source;
  bool dry_run = false;
  std::string output = "table";
};

void add_prune_flags(CLI::App& command, PruneFlags& flags);

// The app whose prune to preview; an error names the flag at fault (prune
// deletes nothing, so it insists on --dry-run). Reaches neither the cluster nor git.
Result<AppSpec> to_prune_app(const PruneFlags& flags, const GlobalFlags& globals);

}  // namespace kgitops
