#pragma once

#include <string>

#include <git2.h>

#include "core/error.hpp"
#include "git/tree_path.hpp"

namespace kgitops {

// Where a link leads inside the tree: a blob or a subtree.
struct LinkTarget {
  TreePath path;  // physical path in the tree
  git_filemode_t mode = GIT_FILEMODE_BLOB;
  git_oid id{};
};

// The text of the link blob `id`; `shown` names the link in an error.
Result<std::string> read_tree_link(git_repository* repository, const git_oid* id,
                                   const std::string& shown);

// Resolves the link at `link` (physical path) whose text is `text` the way
// the kernel would, but inside the tree `root`: every component is looked
// up in the commit, links met on the way are followed, and leaving the root
// is an error. So is a target that is empty, the root itself, in a
// submodule, or more than 40 links away.
Result<LinkTarget> resolve_tree_link(git_repository* repository, const git_tree* root,
                                     const TreePath& link, const std::string& text);

// The text of a link at `link` that leads to `target`: "..", then names.
// Both are physical paths (no link in them), so the kernel resolves this
// text to `target` whatever links the original text went through.
std::string relative_link_text(const TreePath& link, const TreePath& target);

}  // namespace kgitops
