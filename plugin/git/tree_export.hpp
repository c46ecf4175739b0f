#pragma once

#include <filesystem>

#include <git2.h>

#include "core/error.hpp"

namespace kgitops {

// Writes the files of `tree` (a commit's root tree in `repository`) under
// `destination`, an existing empty directory. Regular and executable blobs
// become files, subtrees directories; submodules are skipped. A symbolic link
// becomes a copy of what it points to inside the tree, and is refused when it
// leads outside the tree; no link is ever created on disk. Entry names that
// could escape the destination ("..", "a/b", ".git") are refused.
Result<void> export_tree(git_repository* repository, const git_tree* tree,
                         const std::filesystem::path& destination);

}  // namespace kgitops
