#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "complete/completion.hpp"

namespace kgitops {

// The hidden subcommand the completion scripts and kubectl_complete-gitops
// call: `kubectl-gitops __complete <args...> <word>`. Its words bypass the
// parser, which would otherwise read them as flags and subcommands.
inline constexpr std::string_view k_complete_command = "__complete";

// Describes the command line of `root` (its global flags, subcommands and
// their flags) as completion needs it; hidden subcommands are left out.
CompletionModel completion_model(const CLI::App& root);

// Runs `__complete`: writes the candidates for the last of `words` to `out`.
// Returns the exit code, 0 even when the cluster cannot be reached.
int run_complete(const CLI::App& root, const std::vector<std::string>& words,
                 CandidateSource& source, std::ostream& out);

// The completion script for `shell` (bash, zsh or fish), or "" for another.
std::string_view completion_script(std::string_view shell);

}  // namespace kgitops
