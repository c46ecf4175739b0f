#pragma once

#include <string>
#include <vector>

namespace kgitops {

// A path inside a commit's tree, one name per component:
// {"deploy", "prod", "kustomization.yaml"}.
using TreePath = std::vector<std::string>;

// "deploy/prod/kustomization.yaml"
std::string path_of(const TreePath& path);

// The components of `text` between slashes, empty ones and "." and ".."
// included: the caller decides what they mean.
TreePath split_tree_path(const std::string& text);

// A name that cannot leave its folder nor pose as git's own directory.
bool is_safe_entry_name(const std::string& name);

}  // namespace kgitops
