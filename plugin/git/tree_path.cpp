#include "git/tree_path.hpp"

#include <cstddef>

#include "core/text.hpp"

namespace kgitops {

std::string path_of(const TreePath& path) {
  return join(path, "/");
}

TreePath split_tree_path(const std::string& text) {
  TreePath components;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t slash = text.find('/', start);
    std::size_t end = slash == std::string::npos ? text.size() : slash;
    components.push_back(text.substr(start, end - start));
    if (slash == std::string::npos) {
      break;
    }
    start = slash + 1;
  }
  return components;
}

bool is_safe_entry_name(const std::string& name) {
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos) {
    return false;
  }
  return lower(name) != ".git";
}

}  // namespace kgitops
