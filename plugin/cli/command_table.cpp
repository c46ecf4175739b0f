#include "cli/command.hpp"
#include "cli/commands.hpp"

namespace kgitops {

const std::vector<CommandSpec>& command_table() {
  static const std::vector<CommandSpec> table = {
      sync_command(),     diff_command(),    prune_command(),      status_command(),
      watch_command(),    suspend_command(), resume_command(),     audit_command(),
      validate_command(), hooks_command(),   completion_command(), version_command(),
  };
  return table;
}

}  // namespace kgitops
