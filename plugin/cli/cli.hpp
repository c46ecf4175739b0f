#pragma once

#include <string>
#include <vector>

#include "cli/cli_environment.hpp"

namespace kgitops {

// Parses `args` (without the program's name), runs the subcommand in `env`
// and returns the exit status. The one place that prints an error a command
// stopped on, as `kubectl-gitops: error: ...`, and maps its kind to the exit
// code (core/exit_codes.hpp).
int run_cli(const std::vector<std::string>& args, CliEnvironment& env);

// As above, for main: the process's arguments and real_cli_environment().
int run_cli(int argc, char** argv);

}  // namespace kgitops
