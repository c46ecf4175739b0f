#pragma once

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/cli_environment.hpp"
#include "cli/global_flags.hpp"
#include "core/error.hpp"
#include "core/exit_codes.hpp"

namespace kgitops {

// Runs a parsed subcommand. A result it reached (success, differences, a
// degraded object, a partial prune) is its exit code; an error stops it, and
// run_cli prints it and exits with the code of its kind.
using CommandHandler = std::function<Result<ExitCode>(CliEnvironment& env)>;

// One subcommand: `setup` declares its flags on `command` and returns the
// handler that runs it once the line is parsed.
struct CommandSpec {
  std::string name;
  std::string description;
  std::function<CommandHandler(CLI::App& command, const GlobalFlags& globals)> setup;
  // Shown under "Examples:" in `-h`: `# what it does` lines, each followed by a command.
  std::string examples = {};
};

// The table of every subcommand, in the order `-h` lists them.
const std::vector<CommandSpec>& command_table();

}  // namespace kgitops
