#pragma once

// A bare repository whose objects the git tests write byte by byte, and the
// export of one of its trees.

#include <doctest/doctest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <git2.h>

#include "core/temp_dir.hpp"
#include "git/libgit2_handle.hpp"
#include "git/tree_export.hpp"

namespace kgitops::test {

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
  Result<void> export_to_dir(const git_oid& id, const ExportScope& scope = {}) {
    auto tree = lookup_tree(id);
    m_output = std::make_unique<TempDir>("kgitops-export-");
    return export_tree(m_repository.get(), tree.get(), m_output->path(), scope);
  }

  const std::filesystem::path& output() const { return m_output->path(); }

  git_repository* repository() const { return m_repository.get(); }

  TreePtr lookup_tree(const git_oid& id) const {
    git_tree* raw = nullptr;
    REQUIRE(git_tree_lookup(&raw, m_repository.get(), &id) == 0);
    return TreePtr(raw);
  }

 private:
  TempDir m_dir;
  RepositoryPtr m_repository;
  std::unique_ptr<TempDir> m_output;
};

}  // namespace kgitops::test
