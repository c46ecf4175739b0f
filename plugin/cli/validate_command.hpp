#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "cli/global_flags.hpp"
#include "cli/source_flags.hpp"
#include "validate/validate.hpp"

namespace kgitops {

// The flags of `validate`, as typed.
struct ValidateFlags {
  std::string repo = ".";
  std::string path;
  std::string revision;
  std::string base;
  bool server_dry_run = false;
  std::string output = "table";
  bool insecure_http = false;
  HelmFlags helm;
};

void add_validate_flags(CLI::App& command, ValidateFlags& flags);

// What to validate: `repo` is --repo as found (a local work tree's top
// level, or the URL). The revision may still be implied by the pre-commit
// framework's environment. Reaches neither the cluster nor git.
ValidateOptions to_validate_options(const ValidateFlags& flags, const GlobalFlags& globals,
                                    const std::string& repo);

}  // namespace kgitops
