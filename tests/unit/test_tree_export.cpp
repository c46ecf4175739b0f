#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include <sys/stat.h>

#include "core/temp_dir.hpp"
#include "git/libgit2_handle.hpp"
#include "git/tree_export.hpp"
#include "git_test_support.hpp"

using namespace kgitops;
namespace fs = std::filesystem;

namespace {

// One entry of a tree written byte by byte, so that trees git itself would
// never make (names like ".." or "a/b") can be tested.
struct RawEntry {
  std::string mode;  // "100644", "100755", "120000", "40000", "160000"
  std::string name;
  git_oid id;
};

// A bare repository in a temporary directory, for crafting objects.
class CraftedRepo {
 public:
  CraftedRepo() : m_dir("kgitops-crafted-") {
    ensure_libgit2_initialised();
    git_repository* raw = nullptr;
    REQUIRE(git_repository_init(&raw, (m_dir.path() / "repo.git").c_str(), 1) == 0);
    m_repository.reset(raw);
  }

  git_oid blob(const std::string& content) {
    git_oid id{};
    REQUIRE(git_blob_create_from_buffer(&id, m_repository.get(), content.data(), content.size()) ==
            0);
    return id;
  }

  // Entries are written in the order given: give them sorted as git does.
  git_oid tree(const std::vector<RawEntry>& entries) {
    std::string data;
    for (const auto& entry : entries) {
      data += entry.mode + " " + entry.name;
      data += '\0';
      data.append(reinterpret_cast<const char*>(entry.id.id), GIT_OID_RAWSZ);
    }
    git_odb* raw_odb = nullptr;
    REQUIRE(git_repository_odb(&raw_odb, m_repository.get()) == 0);
    Libgit2Ptr<git_odb, git_odb_free> odb(raw_odb);
    git_oid id{};
    REQUIRE(git_odb_write(&id, odb.get(), data.data(), data.size(), GIT_OBJECT_TREE) == 0);
    return id;
  }

  // Exports the tree `id` into a fresh directory; returns the result and
  // keeps the directory for inspection.
  Result<void> export_to_dir(const git_oid& id) {
    git_tree* raw = nullptr;
    REQUIRE(git_tree_lookup(&raw, m_repository.get(), &id) == 0);
    TreePtr tree(raw);
    m_output = std::make_unique<TempDir>("kgitops-export-");
    return export_tree(m_repository.get(), tree.get(), m_output->path());
  }

  const fs::path& output() const { return m_output->path(); }

 private:
  TempDir m_dir;
  RepositoryPtr m_repository;
  std::unique_ptr<TempDir> m_output;
};

bool has_symlink(const fs::path& root) {
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_symlink()) {
      return true;
    }
  }
  return false;
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

TEST_CASE("export_tree copies what a link points to inside the tree, never a link") {
  CraftedRepo repo;
  auto base = repo.tree({{"100644", "real.yaml", repo.blob("real\n")},
                         {"120000", "sibling.yaml", repo.blob("real.yaml")}});
  auto overlay =
      repo.tree({{"120000", "base.yaml", repo.blob("../base/real.yaml")},
                 {"120000", "chained.yaml", repo.blob("base.yaml")},
                 {"120000", "through-folder-link.yaml", repo.blob("../alias/real.yaml")}});
  auto root = repo.tree({{"120000", "alias", repo.blob("base")},
                         {"40000", "base", base},
                         {"120000", "dot.yaml", repo.blob("./base/./real.yaml")},
                         {"40000", "overlay", overlay}});
  REQUIRE(repo.export_to_dir(root));
  CHECK(test::read_file(repo.output() / "overlay" / "base.yaml") == "real\n");
  CHECK(test::read_file(repo.output() / "overlay" / "chained.yaml") == "real\n");
  CHECK(test::read_file(repo.output() / "overlay" / "through-folder-link.yaml") == "real\n");
  CHECK(test::read_file(repo.output() / "base" / "sibling.yaml") == "real\n");
  CHECK(test::read_file(repo.output() / "dot.yaml") == "real\n");
  // A link to a folder becomes a copy of the folder; links in it resolve
  // where the folder really is.
  CHECK(fs::is_directory(fs::symlink_status(repo.output() / "alias")));
  CHECK(test::read_file(repo.output() / "alias" / "real.yaml") == "real\n");
  CHECK(test::read_file(repo.output() / "alias" / "sibling.yaml") == "real\n");
  CHECK_FALSE(has_symlink(repo.output()));
}

TEST_CASE("export_tree refuses links that leave the tree, naming link and target") {
  CraftedRepo repo;
  auto refused = [&](const std::string& link_folder, const std::string& target) {
    auto link = repo.tree({{"120000", "evil.yaml", repo.blob(target)}});
    auto root = link_folder.empty() ? link : repo.tree({{"40000", link_folder, link}});
    return error_of(repo.export_to_dir(root));
  };
  auto outside = refused("", "../outside");
  CHECK(outside.find("'evil.yaml'") != std::string::npos);
  CHECK(outside.find("'../outside'") != std::string::npos);
  CHECK(outside.find("outside the repository") != std::string::npos);

  auto absolute = refused("", "/etc/passwd");
  CHECK(absolute.find("'evil.yaml'") != std::string::npos);
  CHECK(absolute.find("'/etc/passwd'") != std::string::npos);

  auto deeper = refused("apps", "../../etc/passwd");
  CHECK(deeper.find("'apps/evil.yaml'") != std::string::npos);
  CHECK(deeper.find("outside the repository") != std::string::npos);

  CHECK(refused("apps", "../apps/../../etc").find("outside the repository") != std::string::npos);
  CHECK(refused("", "missing.yaml").find("not in the commit") != std::string::npos);
  // Missing on the way: refused before any '..' is looked at.
  CHECK(refused("apps", "x/../../../etc").find("not in the commit") != std::string::npos);
  CHECK(refused("", "").find("empty") != std::string::npos);
}

TEST_CASE("export_tree refuses escapes through other links and loops") {
  CraftedRepo repo;
  // up -> .. is harmless alone; up/../x then leaves the root.
  auto chain = repo.tree({{"120000", "escape.yaml", repo.blob("up/../etc/passwd")},
                          {"120000", "up", repo.blob("..")}});
  auto nested = repo.tree({{"40000", "apps", chain}});
  auto escape = error_of(repo.export_to_dir(nested));
  CHECK(escape.find("outside the repository") != std::string::npos);

  auto hop = repo.tree({{"120000", "a", repo.blob("b")}, {"120000", "b", repo.blob("/etc")}});
  CHECK(error_of(repo.export_to_dir(hop)).find("outside the repository") != std::string::npos);

  auto cycle = repo.tree({{"120000", "a", repo.blob("b")}, {"120000", "b", repo.blob("a")}});
  CHECK(error_of(repo.export_to_dir(cycle)).find("too many levels") != std::string::npos);

  auto self = repo.tree({{"120000", "self", repo.blob(".")}});
  CHECK(error_of(repo.export_to_dir(self)).find("repository root") != std::string::npos);

  auto parent = repo.tree({{"120000", "loop", repo.blob("..")}});
  auto middle = repo.tree({{"40000", "sub", parent}});
  auto in_folder = repo.tree({{"40000", "apps", middle}, {"100644", "z", repo.blob("z")}});
  CHECK(error_of(repo.export_to_dir(in_folder)).find("a loop") != std::string::npos);

  git_oid submodule_commit{};
  REQUIRE(git_oid_fromstr(&submodule_commit, "0123456789abcdef0123456789abcdef01234567") == 0);
  auto into_submodule = repo.tree(
      {{"120000", "link", repo.blob("vendor/file")}, {"160000", "vendor", submodule_commit}});
  CHECK(error_of(repo.export_to_dir(into_submodule)).find("submodule") != std::string::npos);
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
