#include <iostream>

#include "cli/command.hpp"
#include "cli/commands.hpp"
#include "core/exit_codes.hpp"

namespace kgitops {
namespace {

// A subcommand this version does not provide yet: it says so and fails.
// Unused while every subcommand is built; kept for the next one.
[[maybe_unused]] CommandSpec not_built(std::string name, std::string description) {
  return CommandSpec{name, description, [name](CLI::App& command, const GlobalFlags&) {
                       command.allow_extras();
                       return std::function<int()>([name] {
                         std::cerr << "kubectl-gitops: error: '" << name
                                   << "' is not available in this version\n";
                         return to_int(ExitCode::not_built);
                       });
                     }};
}

}  // namespace

const std::vector<CommandSpec>& command_table() {
  static const std::vector<CommandSpec> table = {
      sync_command(),     diff_command(),    prune_command(),      status_command(),
      watch_command(),    suspend_command(), resume_command(),     audit_command(),
      validate_command(), hooks_command(),   completion_command(), version_command(),
  };
  return table;
}

}  // namespace kgitops
