#pragma once

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/global_flags.hpp"

namespace kgitops {

// One subcommand: `setup` declares its flags on `command` and returns the
// handler that runs it once the line is parsed. Handlers return an exit code.
struct CommandSpec {
  std::string name;
  std::string description;
  std::function<std::function<int()>(CLI::App& command, const GlobalFlags& globals)> setup;
  // Shown under "Examples:" in `-h`: `# what it does` lines, each followed by a command.
  std::string examples = {};
};

// The table of every subcommand, in the order `-h` lists them.
const std::vector<CommandSpec>& command_table();

}  // namespace kgitops
