#pragma once

#include <filesystem>
#include <string>

#include "core/error.hpp"

namespace kgitops {

// True when `path` is `root` or lies below it, comparing whole path
// components ("/repo-evil" is not inside "/repo"). Both should be canonical.
bool is_within(const std::filesystem::path& root, const std::filesystem::path& path);

// The canonical form of the repository root `root`, which must be a folder.
Result<std::filesystem::path> canonical_root(const std::filesystem::path& root);

// Resolves the repository path `relative` ("", "." or "apps/web") under the
// canonical `root`: refuses absolute paths, `..` escapes and symlinks along
// the way whose target leaves `root`. The result need not exist.
Result<std::filesystem::path> resolve_inside(const std::filesystem::path& root,
                                             const std::string& relative);

// Where `path` (under the canonical `root`) really leads, following every
// symlink; refuses it when that is outside `root`. `display` names it in errors.
Result<std::filesystem::path> contained_target(const std::filesystem::path& root,
                                               const std::filesystem::path& path,
                                               const std::string& display);

// `path` relative to `root` with forward slashes, "." for `root` itself:
// how files are named in messages and source locations.
std::string repository_path(const std::filesystem::path& root, const std::filesystem::path& path);

}  // namespace kgitops
