#include "core/exit_codes.hpp"

#include <algorithm>

namespace kgitops {

const std::vector<ExitCodeRow>& exit_code_table() {
  static const std::vector<ExitCodeRow> table = {
      {ExitCode::ok, {}, "success; `diff`: in sync"},
      {ExitCode::differences,
       {},
       "`diff`: differences found; `audit`: a `--fail-on` finding; `validate`: an error in the "
       "commit"},
      {ExitCode::error,
       {ErrorKind::failed, ErrorKind::not_found, ErrorKind::conflict, ErrorKind::remote,
        ErrorKind::internal},
       "error (bad input, git or cluster failure); a sync whose apply failed pruned nothing"},
      {ExitCode::usage, {ErrorKind::usage}, "bad flags"},
      {ExitCode::refused,
       {ErrorKind::refused},
       "refused by a safety guard (empty render, mass prune, an object that is not the app's, "
       "another source, an object outside the app's reach)"},
      {ExitCode::timeout,
       {ErrorKind::timeout},
       "timed out: `sync --wait` not healthy within `--timeout` (also when an earlier sync wave "
       "never got healthy), or a git fetch past `--git-timeout`"},
      {ExitCode::degraded,
       {},
       "`sync --wait`: an object is Degraded (a failed Job, an exceeded progress deadline, a "
       "crash loop)"},
      {ExitCode::partial_prune,
       {},
       "`sync --prune`: some objects were pruned and others could not be deleted"},
  };
  return table;
}

ExitCode exit_code_for(ErrorKind kind) {
  for (const auto& row : exit_code_table()) {
    if (std::find(row.kinds.begin(), row.kinds.end(), kind) != row.kinds.end()) {
      return row.code;
    }
  }
  return ExitCode::error;
}

}  // namespace kgitops
