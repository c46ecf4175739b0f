#pragma once

#include <optional>
#include <vector>

#include <git2.h>

#include "core/error.hpp"
#include "git/git_source.hpp"

namespace kgitops {

// The manifest files (*.yaml, *.yml, *.json) of the folder `scope.path` of
// `tree`, read straight from the object database, when that folder is plain:
// reached without links, and holding no link, no kustomization, no
// Chart.yaml and no name that is not UTF-8, within the scope's budgets, with
// no files asked for besides it. Hidden entries are passed over, as rendering
// passes them over. Anything else is nullopt: such a folder is written out
// and rendered from there, where the rules for links, kustomize and helm live.
Result<std::optional<std::vector<TreeFile>>> read_plain_folder(git_repository* repository,
                                                               const git_tree* tree,
                                                               const ExportScope& scope);

}  // namespace kgitops
