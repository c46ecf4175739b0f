#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace kgitops {

// Makes `-h` read like kubectl's own help: usage starting with `kubectl gitops`,
// then `examples` (lines of `# comment` and commands), the flags of the
// command and the global flags, which work after the subcommand too.
void configure_help(CLI::App& app, const std::string& examples = {});

// The examples of `kubectl gitops -h`.
std::string root_examples();

}  // namespace kgitops
