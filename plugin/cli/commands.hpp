#pragma once

#include "cli/command.hpp"

// Each subcommand's flags and handler, one file per command in cli/.
namespace kgitops {

CommandSpec version_command();
CommandSpec completion_command();
CommandSpec sync_command();
CommandSpec diff_command();
CommandSpec prune_command();
CommandSpec status_command();
CommandSpec watch_command();
CommandSpec suspend_command();
CommandSpec resume_command();
CommandSpec audit_command();
CommandSpec validate_command();
CommandSpec hooks_command();

}  // namespace kgitops
