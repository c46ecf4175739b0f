#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/error.hpp"

namespace kgitops {

// A work tree on this machine, located the way git itself does it (through
// the git CLI), so worktrees, $GIT_DIR and core.hooksPath behave as in git.
struct LocalRepository {
  std::filesystem::path top_level;  // the work tree's top folder
  std::filesystem::path hooks_dir;  // where git runs hooks from: core.hooksPath or <git dir>/hooks
};

// The work tree that contains `start`; fails, saying so, outside of one.
Result<LocalRepository> find_local_repository(const std::filesystem::path& start);

// The repository's own (local) value of `key`, or nothing when unset.
Result<std::optional<std::string>> read_git_config(const LocalRepository& repository,
                                                   const std::string& key);
// Sets `key` in the repository's own configuration (.git/config).
Result<void> write_git_config(const LocalRepository& repository, const std::string& key,
                              const std::string& value);

// Records the staged files (the index) as a commit that no ref points to,
// with HEAD as its parent, and returns its id: what `git commit` would make
// now, so it can be validated like any commit before it exists.
Result<std::string> commit_staged_files(const LocalRepository& repository);

}  // namespace kgitops
