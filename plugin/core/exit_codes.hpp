#pragma once

#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace kgitops {

// Exit statuses of every command, as `kubectl diff` uses them: 0 success or
// no differences, 1 differences or findings, 2 and above failures. The
// README's table of exit codes is exit_code_table(), row for row.
enum class ExitCode : int {
  ok = 0,
  differences = 1,    // diff found drift; audit found a --fail-on category
  error = 2,          // any failure: bad input, cluster or git error
  usage = 3,          // bad flags
  refused = 5,        // a safety guard stopped the operation (mass prune, empty render)
  timeout = 6,        // sync --wait gave up: not healthy within --timeout
  degraded = 7,       // sync --wait: an object reported a failure (failed Job, crash loop)
  partial_prune = 8,  // sync --prune deleted some objects and failed to delete others
};

inline int to_int(ExitCode code) {
  return static_cast<int>(code);
}

// One exit code: what it means (the README's words), and the kinds of error
// that end a command with it. A code without kinds is a command's result
// (differences, a degraded object, a partial prune), never an error's.
struct ExitCodeRow {
  ExitCode code;
  std::vector<ErrorKind> kinds;
  std::string_view meaning;
};

// Every exit code, in order.
const std::vector<ExitCodeRow>& exit_code_table();

// The exit code of a command that stopped on an error of `kind`.
ExitCode exit_code_for(ErrorKind kind);

}  // namespace kgitops
