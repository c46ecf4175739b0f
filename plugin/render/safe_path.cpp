#include "render/safe_path.hpp"

#include <algorithm>
#include <system_error>

namespace kgitops {

namespace fs = std::filesystem;

bool is_within(const fs::path& root, const fs::path& path) {
  // Component-wise prefix check; an empty trailing component ("/repo/") is ignored.
  auto root_end = root.end();
  if (root_end != root.begin() && std::prev(root_end)->empty()) {
    --root_end;
  }
  auto path_it = path.begin();
  for (auto root_it = root.begin(); root_it != root_end; ++root_it, ++path_it) {
    if (path_it == path.end() || *path_it != *root_it) {
      return false;
    }
  }
  return true;
}

Result<fs::path> canonical_root(const fs::path& root) {
  std::error_code error;
  auto canonical = fs::canonical(root, error);
  if (error) {
    return fail("cannot open the repository files at ", root.string(), ": ", error.message());
  }
  if (!fs::is_directory(canonical, error)) {
    return fail("the repository files at ", root.string(), " are not a folder");
  }
  return canonical;
}

Result<fs::path> resolve_inside(const fs::path& root, const std::string& relative) {
  const fs::path requested(relative);
  if (requested.has_root_path()) {
    return fail("path '", relative, "' must be relative to the repository root");
  }
  const auto normal = requested.lexically_normal();
  if (!normal.empty() && *normal.begin() == "..") {
    return fail("path '", relative, "' leaves the repository");
  }
  return contained_target(root, root / normal, "path '" + relative + "'");
}

Result<fs::path> contained_target(const fs::path& root, const fs::path& path,
                                  const std::string& display) {
  std::error_code error;
  auto target = fs::weakly_canonical(path, error);
  if (error) {
    return fail_at({display, 0, {}}, "cannot resolve: ", error.message());
  }
  if (!is_within(root, target)) {
    return fail_at({display, 0, {}}, "leads outside the repository (through a symlink)");
  }
  return target;
}

std::string repository_path(const fs::path& root, const fs::path& path) {
  auto relative = path.lexically_relative(root).generic_string();
  if (relative.empty()) {
    return ".";
  }
  return relative;
}

}  // namespace kgitops
