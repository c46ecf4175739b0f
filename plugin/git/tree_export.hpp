#pragma once

#include <filesystem>

#include <git2.h>

#include "core/error.hpp"
#include "git/git_source.hpp"

namespace kgitops {

// Writes the files of `tree` (a commit's root tree in `repository`) that
// `scope` asks for under `destination`, an existing empty directory: the
// folder or file `scope.path` and the files `scope.files` (each skipped when
// not in the tree), plus, for every kustomization written, the
// local folders and files it names (resources, bases, components, patches...)
// that are in the tree. Regular and executable blobs become files, subtrees
// directories; submodules are skipped. A link to a file becomes a copy of
// it; a link to a folder becomes a link, and that folder is written once,
// so links never multiply what is written. A link that leads outside the
// tree or to a folder containing it is refused. Entry names that could
// escape the destination ("..", "a/b", ".git") are refused, as is going
// beyond `scope.max_bytes` or `scope.max_files`.
Result<void> export_tree(git_repository* repository, const git_tree* tree,
                         const std::filesystem::path& destination, const ExportScope& scope = {});

}  // namespace kgitops
