#pragma once

namespace kgitops {

// Exit statuses of every command, as `kubectl diff` uses them: 0 success or
// no differences, 1 differences or findings, 2 and above errors.
enum class ExitCode : int {
  ok = 0,
  differences = 1,  // diff found drift; audit found a --fail-on category
  error = 2,        // any failure: bad input, cluster or git error
  usage = 3,        // bad flags
  not_built = 4,    // a subcommand that this version does not provide
  refused = 5,      // a safety guard stopped the operation (mass prune, empty render)
  timeout = 6,      // sync --wait gave up: not healthy within --timeout
  degraded = 7,     // sync --wait: an object reported a failure (failed Job, crash loop)
};

inline int to_int(ExitCode code) {
  return static_cast<int>(code);
}

}  // namespace kgitops
