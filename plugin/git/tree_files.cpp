#include "git/tree_files.hpp"

#include <algorithm>
#include <string>

#include "git/libgit2_handle.hpp"
#include "git/tree_path.hpp"
#include "render/helm.hpp"
#include "render/kustomize.hpp"
#include "render/utf8.hpp"

namespace kgitops {
namespace {

bool is_manifest_name(const std::string& name) {
  return name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".json");
}

// Files that make a folder kustomize's or helm's to read whole.
bool is_build_file_name(const std::string& name) {
  return name == k_chart_file_name ||
         std::find(k_kustomization_file_names.begin(), k_kustomization_file_names.end(), name) !=
             k_kustomization_file_names.end();
}

class PlainFolderReader {
 public:
  PlainFolderReader(git_repository* repository, const ExportScope& scope)
      : m_repository(repository), m_scope(scope) {}

  // Whether the folder `tree`, at `path` in the repository, is plain; its
  // manifest files are kept as they are met.
  Result<bool> read(const git_tree* tree, const std::string& path) {
    const auto count = git_tree_entrycount(tree);
    for (std::size_t index = 0; index < count; ++index) {
      const git_tree_entry* entry = git_tree_entry_byindex(tree, index);
      const std::string name = git_tree_entry_name(entry);
      if (name.starts_with(".")) {
        continue;
      }
      if (++m_entries > m_scope.max_files || invalid_utf8_offset(name) ||
          is_build_file_name(name)) {
        return false;
      }
      const auto child = path.empty() ? name : path + "/" + name;
      auto plain = read_entry(entry, child, name);
      if (!plain || !*plain) {
        return plain;
      }
    }
    return true;
  }

  std::vector<TreeFile> take_files() { return std::move(m_files); }

 private:
  Result<bool> read_entry(const git_tree_entry* entry, const std::string& path,
                          const std::string& name) {
    switch (git_tree_entry_filemode(entry)) {
      case GIT_FILEMODE_TREE: {
        git_tree* raw = nullptr;
        if (git_tree_lookup(&raw, m_repository, git_tree_entry_id(entry)) != 0) {
          return fail("cannot read the folder '", path, "': ", last_libgit2_error());
        }
        TreePtr folder(raw);
        return read(folder.get(), path);
      }
      case GIT_FILEMODE_BLOB:
      case GIT_FILEMODE_BLOB_EXECUTABLE:
        return is_manifest_name(name) ? read_blob(entry, path) : Result<bool>(true);
      case GIT_FILEMODE_COMMIT:
        return true;  // a submodule: never written out either
      default:
        return false;  // a link
    }
  }

  Result<bool> read_blob(const git_tree_entry* entry, const std::string& path) {
    git_blob* raw = nullptr;
    if (git_blob_lookup(&raw, m_repository, git_tree_entry_id(entry)) != 0) {
      return fail("cannot read the file '", path, "': ", last_libgit2_error());
    }
    BlobPtr blob(raw);
    const auto size = static_cast<std::uintmax_t>(git_blob_rawsize(blob.get()));
    if (size > m_scope.max_bytes - m_bytes) {
      return false;
    }
    m_bytes += size;
    const auto* bytes = static_cast<const char*>(git_blob_rawcontent(blob.get()));
    m_files.push_back({path, oid_hex(*git_tree_entry_id(entry)),
                       std::string(bytes, static_cast<std::size_t>(size))});
    return true;
  }

  git_repository* m_repository;
  const ExportScope& m_scope;
  std::uintmax_t m_entries = 0;
  std::uintmax_t m_bytes = 0;
  std::vector<TreeFile> m_files;
};

// `text` as a path of safe names, "" for the root; nullopt when it is
// anything else (absolute, "..", an unsafe name), which the export judges.
std::optional<std::string> plain_path(const std::string& text) {
  if (text.starts_with("/")) {
    return std::nullopt;
  }
  std::string path;
  for (const auto& component : split_tree_path(text)) {
    if (component.empty() || component == ".") {
      continue;
    }
    if (!is_safe_entry_name(component) || invalid_utf8_offset(component)) {
      return std::nullopt;
    }
    path += (path.empty() ? "" : "/") + component;
  }
  return path;
}

}  // namespace

Result<std::optional<std::vector<TreeFile>>> read_plain_folder(git_repository* repository,
                                                               const git_tree* tree,
                                                               const ExportScope& scope) {
  const auto path = plain_path(scope.path);
  if (!scope.files.empty() || !path) {
    return std::nullopt;
  }
  TreePtr folder;
  if (!path->empty()) {
    git_tree_entry* raw_entry = nullptr;
    if (git_tree_entry_bypath(&raw_entry, tree, path->c_str()) != 0) {
      return std::nullopt;  // not there, or behind a link
    }
    TreeEntryPtr entry(raw_entry);
    if (git_tree_entry_filemode(entry.get()) != GIT_FILEMODE_TREE) {
      return std::nullopt;
    }
    git_tree* raw_folder = nullptr;
    if (git_tree_lookup(&raw_folder, repository, git_tree_entry_id(entry.get())) != 0) {
      return fail("cannot read the folder '", *path, "': ", last_libgit2_error());
    }
    folder.reset(raw_folder);
  }
  PlainFolderReader reader(repository, scope);
  auto plain = reader.read(folder ? folder.get() : tree, *path);
  if (!plain) {
    return std::unexpected(plain.error());
  }
  if (!*plain) {
    return std::nullopt;
  }
  return reader.take_files();
}

}  // namespace kgitops
