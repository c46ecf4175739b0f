#pragma once

namespace kgitops {

// Parses the command line, runs the subcommand and returns the exit status.
// The one place that catches every error and prints `kubectl-gitops: error: ...`.
int run_cli(int argc, char** argv);

}  // namespace kgitops
