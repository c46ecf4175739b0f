#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "core/temp_dir.hpp"
#include "render/safe_path.hpp"

using namespace kgitops;
namespace fs = std::filesystem;

namespace {

// A repository folder `repo` and a sibling `outside` in a fresh temporary dir.
struct Layout {
  TempDir dir{"kgitops-safe-path-"};
  fs::path root;
  fs::path outside;
  Layout() {
    fs::create_directories(dir.path() / "repo" / "apps");
    fs::create_directories(dir.path() / "outside");
    root = fs::canonical(dir.path() / "repo");
    outside = fs::canonical(dir.path() / "outside");
    std::ofstream(outside / "secret.yaml") << "kind: Secret\n";
  }
};

}  // namespace

TEST_CASE("is_within compares whole path components") {
  CHECK(is_within("/repo", "/repo"));
  CHECK(is_within("/repo", "/repo/apps/web.yaml"));
  CHECK_FALSE(is_within("/repo", "/repo-evil/web.yaml"));
  CHECK_FALSE(is_within("/repo", "/"));
  CHECK_FALSE(is_within("/repo/apps", "/repo"));
  CHECK(is_within("/", "/etc"));
}

TEST_CASE("canonical_root needs an existing folder") {
  Layout layout;
  CHECK(canonical_root(layout.root).value() == layout.root);
  auto missing = canonical_root(layout.root / "nope");
  REQUIRE_FALSE(missing);
  CHECK(to_string(missing.error()).find("nope") != std::string::npos);
}

TEST_CASE("resolve_inside accepts paths inside the repository") {
  Layout layout;
  CHECK(resolve_inside(layout.root, "").value() == layout.root);
  CHECK(resolve_inside(layout.root, ".").value() == layout.root);
  CHECK(resolve_inside(layout.root, "apps").value() == layout.root / "apps");
  CHECK(resolve_inside(layout.root, "apps/../apps/").value() == layout.root / "apps");
  // Not existing yet is the caller's business.
  CHECK(resolve_inside(layout.root, "apps/new").value() == layout.root / "apps" / "new");
}

TEST_CASE("resolve_inside refuses absolute paths and .. escapes") {
  Layout layout;
  auto absolute = resolve_inside(layout.root, layout.outside.string());
  REQUIRE_FALSE(absolute);
  CHECK(to_string(absolute.error()).find("must be relative") != std::string::npos);

  for (const char* path : {"..", "../outside", "apps/../../outside", "./../repo"}) {
    CAPTURE(path);
    auto escaped = resolve_inside(layout.root, path);
    REQUIRE_FALSE(escaped);
    CHECK(to_string(escaped.error()).find("leaves the repository") != std::string::npos);
  }
}

TEST_CASE("resolve_inside refuses a symlink along the path that leads outside") {
  Layout layout;
  fs::create_directory_symlink(layout.outside, layout.root / "linked");
  auto resolved = resolve_inside(layout.root, "linked");
  REQUIRE_FALSE(resolved);
  CHECK(to_string(resolved.error()) ==
        "path 'linked': leads outside the repository (through a symlink)");
  CHECK_FALSE(resolve_inside(layout.root, "linked/secret.yaml"));

  fs::create_directory_symlink("apps", layout.root / "current");
  CHECK(resolve_inside(layout.root, "current").value() == layout.root / "apps");
}

TEST_CASE("contained_target follows file symlinks") {
  Layout layout;
  fs::create_symlink(layout.outside / "secret.yaml", layout.root / "apps" / "leak.yaml");
  auto leak = contained_target(layout.root, layout.root / "apps" / "leak.yaml", "apps/leak.yaml");
  REQUIRE_FALSE(leak);
  CHECK(to_string(leak.error()).starts_with("apps/leak.yaml: leads outside the repository"));

  // A relative link that climbs out and back in is fine.
  std::ofstream(layout.root / "base.yaml") << "kind: ConfigMap\n";
  fs::create_symlink("../../repo/base.yaml", layout.root / "apps" / "base.yaml");
  CHECK(contained_target(layout.root, layout.root / "apps" / "base.yaml", "x").value() ==
        layout.root / "base.yaml");
}

TEST_CASE("repository_path is relative with forward slashes") {
  CHECK(repository_path("/repo", "/repo/apps/web.yaml") == "apps/web.yaml");
  CHECK(repository_path("/repo", "/repo") == ".");
}
