#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <sys/stat.h>

#include "core/temp_dir.hpp"
#include "crafted_repo.hpp"
#include "git/libgit2_handle.hpp"
#include "git/tree_export.hpp"
#include "git_test_support.hpp"

using namespace kgitops;
namespace fs = std::filesystem;
using test::CraftedRepo;
using test::RawEntry;

namespace {

// Every path under `root`, relative and sorted; links are not followed.
std::vector<std::string> listing(const fs::path& root) {
  std::vector<std::string> paths;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    paths.push_back(entry.path().lexically_relative(root).generic_string());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

// Bytes of the regular files under `root`, links not followed.
std::uintmax_t bytes_written(const fs::path& root) {
  std::uintmax_t total = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && !entry.is_symlink()) {
      total += entry.file_size();
    }
  }
  return total;
}

std::string error_of(const Result<void>& result) {
  REQUIRE_FALSE(result.has_value());
  return result.error().message;
}

}  // namespace

TEST_CASE("export_tree writes files, executables and folders, and skips submodules") {
  CraftedRepo repo;
  auto inner = repo.tree({{"100644", "deploy.yaml", repo.blob("kind: Deployment\n")}});
  git_oid submodule_commit{};
  REQUIRE(git_oid_fromstr(&submodule_commit, "0123456789abcdef0123456789abcdef01234567") == 0);
  auto root = repo.tree({{"100755", "hook.sh", repo.blob("#!/bin/sh\n")},
                         {"40000", "manifests", inner},
                         {"100644", "readme.md", repo.blob("hello\n")},
                         {"160000", "vendor", submodule_commit}});
  REQUIRE(repo.export_to_dir(root));
  CHECK(test::read_file(repo.output() / "readme.md") == "hello\n");
  CHECK(test::read_file(repo.output() / "manifests" / "deploy.yaml") == "kind: Deployment\n");
  struct stat info {};
  REQUIRE(::stat((repo.output() / "hook.sh").c_str(), &info) == 0);
  CHECK((info.st_mode & S_IXUSR) != 0);
  REQUIRE(::stat((repo.output() / "readme.md").c_str(), &info) == 0);
  CHECK((info.st_mode & S_IXUSR) == 0);
  CHECK_FALSE(fs::exists(repo.output() / "vendor"));
}

TEST_CASE("export_tree copies the file a link points to; a folder link stays a link") {
  CraftedRepo repo;
  auto base = repo.tree({{"100644", "real.yaml", repo.blob("real\n")},
                         {"120000", "sibling.yaml", repo.blob("real.yaml")}});
  auto overlay =
      repo.tree({{"120000", "base.yaml", repo.blob("../base/real.yaml")},
                 {"120000", "chained.yaml", repo.blob("base.yaml")},
                 {"120000", "through-folder-link.yaml", repo.blob("../alias/real.yaml")}});
  auto root = repo.tree({{"120000", "alias", repo.blob("./base/")},
                         {"40000", "base", base},
                         {"120000", "dot.yaml", repo.blob("./base/./real.yaml")},
                         {"40000", "overlay", overlay}});
  REQUIRE(repo.export_to_dir(root));
  CHECK(test::read_file(repo.output() / "overlay" / "base.yaml") == "real\n");
  CHECK(test::read_file(repo.output() / "overlay" / "chained.yaml") == "real\n");
  CHECK(test::read_file(repo.output() / "overlay" / "through-folder-link.yaml") == "real\n");
  CHECK(test::read_file(repo.output() / "base" / "sibling.yaml") == "real\n");
  CHECK(test::read_file(repo.output() / "dot.yaml") == "real\n");
  CHECK_FALSE(fs::is_symlink(repo.output() / "overlay" / "base.yaml"));
  // A link to a folder is written as a plain relative link to where the
  // folder is written: its content exists once.
  REQUIRE(fs::is_symlink(repo.output() / "alias"));
  CHECK(fs::read_symlink(repo.output() / "alias") == "base");
  CHECK(test::read_file(repo.output() / "alias" / "real.yaml") == "real\n");
}

TEST_CASE("export_tree: nested folder links write each folder once, within the budgets") {
  CraftedRepo repo;
  // level0 holds 4 KiB; level N holds two links to level N-1. Copying links
  // as folders would write 2^20 copies (4 GiB); as links it is 4 KiB.
  auto leaf = repo.tree({{"100644", "data.yaml", repo.blob(std::string(4096, 'x'))}});
  std::vector<RawEntry> entries{{"40000", "level0", leaf}};
  constexpr int k_levels = 20;
  for (int level = 1; level <= k_levels; ++level) {
    const auto below = "../level" + std::to_string(level - 1);
    entries.push_back(
        {"40000", "level" + std::to_string(level),
         repo.tree({{"120000", "a", repo.blob(below)}, {"120000", "b", repo.blob(below)}})});
  }
  std::sort(entries.begin(), entries.end(),
            [](const RawEntry& x, const RawEntry& y) { return x.name < y.name; });
  auto root = repo.tree(entries);

  const auto started = std::chrono::steady_clock::now();
  ExportScope scope;
  scope.path = "level" + std::to_string(k_levels);
  REQUIRE(repo.export_to_dir(root, scope));
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
  CHECK(bytes_written(repo.output()) == 4096);
  // Every level is there once: the folder and its two links.
  CHECK(listing(repo.output()).size() == 2 + 3 * k_levels);
  CHECK(test::read_file(repo.output() / "level3" / "a" / "b" / "a" / "data.yaml").size() == 4096);

  SUBCASE("a link to a folder that holds it is refused, naming it") {
    auto loop = repo.tree({{"120000", "l1", repo.blob("..")}});
    auto looped =
        repo.tree({{"40000", "a", repo.tree({{"40000", "b", loop}})}, {"40000", "level0", leaf}});
    auto error = error_of(repo.export_to_dir(looped));
    CHECK(error.find("'a/b/l1'") != std::string::npos);
    CHECK(error.find("(a loop)") != std::string::npos);
  }
}

TEST_CASE("export_tree stops at the byte and file budgets, naming budget and flag") {
  CraftedRepo repo;
  auto content = repo.blob(std::string(1000, 'y'));
  std::vector<RawEntry> files;
  for (int i = 0; i < 10; ++i) {
    files.push_back({"100644", "f" + std::to_string(i) + ".yaml", content});
  }
  auto root = repo.tree({{"40000", "apps", repo.tree(files)}});
  ExportScope scope;
  SUBCASE("bytes") {
    scope.max_bytes = 5500;
    auto error = error_of(repo.export_to_dir(root, scope));
    CHECK(error.find("more than 5500 bytes") != std::string::npos);
    CHECK(error.find("--max-render-bytes") != std::string::npos);
    CHECK(bytes_written(repo.output()) <= 5500);
  }
  SUBCASE("files") {
    scope.max_files = 4;  // the folder and three files
    auto error = error_of(repo.export_to_dir(root, scope));
    CHECK(error.find("more than 4 files and folders") != std::string::npos);
    CHECK(error.find("--max-render-files") != std::string::npos);
    CHECK(listing(repo.output()).size() == 4);
  }
  SUBCASE("exactly at the budget") {
    scope.max_bytes = 10'000;
    scope.max_files = 11;
    CHECK(repo.export_to_dir(root, scope));
  }
}

TEST_CASE("export_tree writes only `path` and what its kustomizations name") {
  CraftedRepo repo;
  auto config = repo.blob("kind: ConfigMap\n");
  auto base =
      repo.tree({{"100644", "config.yaml", config},
                 {"100644", "kustomization.yaml", repo.blob("resources: [config.yaml]\n")}});
  auto component = repo.tree({{"100644", "kustomization.yaml", repo.blob("kind: Component\n")}});
  auto prod = repo.tree(
      {{"100644", "kustomization.yaml",
        repo.blob("resources:\n- ../../base\n- ../shared.yaml\n- https://example.com/x.yaml\n"
                  "components: [../../components/extra, ../../missing]\n"
                  "patches:\n- path: patch.yaml\n")},
       {"100644", "patch.yaml", repo.blob("kind: ConfigMap\n")}});
  auto apps = repo.tree({{"40000", "prod", prod},
                         {"100644", "shared.yaml", config},
                         {"40000", "staging", repo.tree({{"100644", "s.yaml", config}})}});
  auto root =
      repo.tree({{"40000", "apps", apps},
                 {"40000", "base", base},
                 {"100644", "big.bin", repo.blob(std::string(10000, 'z'))},
                 {"40000", "components",
                  repo.tree({{"40000", "extra", component}, {"40000", "unused", component}})}});
  ExportScope scope;
  scope.path = "apps/prod";
  REQUIRE(repo.export_to_dir(root, scope));
  CHECK(listing(repo.output()) ==
        std::vector<std::string>{"apps", "apps/prod", "apps/prod/kustomization.yaml",
                                 "apps/prod/patch.yaml", "apps/shared.yaml", "base",
                                 "base/config.yaml", "base/kustomization.yaml", "components",
                                 "components/extra", "components/extra/kustomization.yaml"});

  SUBCASE("files named besides the path are written too; a missing one is skipped") {
    scope.files = {"apps/staging/s.yaml", "missing/values.yaml", "../escape.yaml"};
    REQUIRE(repo.export_to_dir(root, scope));
    CHECK(listing(repo.output()) ==
          std::vector<std::string>{"apps", "apps/prod", "apps/prod/kustomization.yaml",
                                   "apps/prod/patch.yaml", "apps/shared.yaml", "apps/staging",
                                   "apps/staging/s.yaml", "base", "base/config.yaml",
                                   "base/kustomization.yaml", "components", "components/extra",
                                   "components/extra/kustomization.yaml"});
  }
  SUBCASE("a file path writes that file") {
    scope.path = "apps/shared.yaml";
    REQUIRE(repo.export_to_dir(root, scope));
    CHECK(listing(repo.output()) == std::vector<std::string>{"apps", "apps/shared.yaml"});
  }
  SUBCASE("a path through a folder link writes the link and what is under it") {
    auto linked = repo.tree({{"40000", "apps", apps},
                             {"40000", "base", base},
                             {"120000", "current", repo.blob("apps")}});
    scope.path = "current/staging";
    REQUIRE(repo.export_to_dir(linked, scope));
    CHECK(listing(repo.output()) ==
          std::vector<std::string>{"apps", "apps/staging", "apps/staging/s.yaml", "current"});
    CHECK(test::read_file(repo.output() / "current" / "staging" / "s.yaml") == "kind: ConfigMap\n");
  }
  SUBCASE("a path not in the commit writes nothing: the render reports it") {
    scope.path = "nowhere";
    REQUIRE(repo.export_to_dir(root, scope));
    CHECK(listing(repo.output()).empty());
  }
  SUBCASE("an empty path writes the whole tree") {
    scope.path = "";
    REQUIRE(repo.export_to_dir(root, scope));
    CHECK(fs::exists(repo.output() / "big.bin"));
    CHECK(fs::exists(repo.output() / "components" / "unused"));
  }
}

TEST_CASE("export_tree refuses entry names that could escape or pose as .git") {
  CraftedRepo repo;
  auto content = repo.blob("x");
  for (const std::string name : {"..", ".", "a/b", ".git", ".GIT", "/abs"}) {
    CAPTURE(name);
    auto root = repo.tree({{"100644", name, content}});
    auto error = error_of(repo.export_to_dir(root));
    CHECK(error.find("refusing the entry '" + name + "'") != std::string::npos);
  }
  auto git_folder = repo.tree({{"40000", ".git", repo.tree({{"100644", "config", content}})}});
  CHECK(error_of(repo.export_to_dir(git_folder)).find("'.git'") != std::string::npos);

  auto duplicate = repo.tree({{"100644", "same", content}, {"100644", "same", content}});
  CHECK(error_of(repo.export_to_dir(duplicate)).find("'same'") != std::string::npos);
}
