#include "git/tree_export.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <deque>
#include <set>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/text.hpp"
#include "git/libgit2_handle.hpp"
#include "render/kustomization_check.hpp"
#include "render/kustomize.hpp"

namespace kgitops {
namespace {

// Links followed while resolving one link (as the kernel's 40).
constexpr int k_max_link_hops = 40;

using Components = std::vector<std::string>;

// "deploy/prod/kustomization.yaml"
std::string path_of(const Components& components) {
  return join(components, "/");
}

std::string child_path(const std::string& parent, const std::string& name) {
  return parent.empty() ? name : parent + "/" + name;
}

Components split(const std::string& path) {
  Components components;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    std::size_t end = slash == std::string::npos ? path.size() : slash;
    components.push_back(path.substr(start, end - start));
    if (slash == std::string::npos) {
      break;
    }
    start = slash + 1;
  }
  return components;
}

// A name that cannot leave its folder nor pose as git's own directory.
bool is_safe_entry_name(const std::string& name) {
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos) {
    return false;
  }
  return lower(name) != ".git";
}

// Where a link leads inside the tree: a blob or a subtree.
struct LinkTarget {
  Components path;  // physical path in the tree
  git_filemode_t mode = GIT_FILEMODE_BLOB;
  git_oid id{};
};

// The text of a link at `link` that leads to `target`: "..", then names.
// Both are physical paths (no link in them), so the kernel resolves this
// text to `target` whatever links the original text went through.
std::string relative_link_text(const Components& link, const Components& target) {
  const Components parent(link.begin(), link.end() - 1);
  std::size_t common = 0;
  while (common < parent.size() && common < target.size() && parent[common] == target[common]) {
    ++common;
  }
  std::string text;
  for (std::size_t i = common; i < parent.size(); ++i) {
    text += text.empty() ? ".." : "/..";
  }
  for (std::size_t i = common; i < target.size(); ++i) {
    text += (text.empty() ? "" : "/") + target[i];
  }
  return text;
}

bool is_kustomization_name(const std::string& name) {
  return std::find(k_kustomization_file_names.begin(), k_kustomization_file_names.end(), name) !=
         k_kustomization_file_names.end();
}

class TreeExporter {
 public:
  TreeExporter(git_repository* repository, const git_tree* root,
               const std::filesystem::path& destination, const ExportScope& scope)
      : m_repository(repository), m_root(root), m_destination(destination), m_scope(scope) {}

  Result<void> run() {
    const bool whole_tree = m_scope.path.empty() || m_scope.path == ".";
    auto started = whole_tree ? export_whole({}, GIT_FILEMODE_TREE, git_tree_id(m_root))
                              : export_reference({}, m_scope.path);
    if (!started) {
      return started;
    }
    if (!whole_tree) {
      for (const auto& file : m_scope.files) {
        if (auto written = export_reference({}, file); !written) {
          return written;
        }
      }
    }
    // Folders reached through links, and what kustomizations name, until
    // nothing new turns up; each path is written once.
    while (!m_linked_folders.empty() || !m_kustomizations.empty()) {
      if (!m_linked_folders.empty()) {
        auto folder = std::move(m_linked_folders.front());
        m_linked_folders.pop_front();
        if (auto written = export_whole(folder.path, GIT_FILEMODE_TREE, &folder.id); !written) {
          return written;
        }
        continue;
      }
      auto kustomization = std::move(m_kustomizations.front());
      m_kustomizations.pop_front();
      if (auto followed = follow_kustomization(kustomization); !followed) {
        return followed;
      }
    }
    return {};
  }

 private:
  struct Found {
    Components path;
    git_oid id{};
  };

  // The file or folder `text` names from the folder `base`, written whole,
  // with the links met on the way. What is not in the tree, or leaves it, is
  // skipped: rendering reports it with the file that names it.
  Result<void> export_reference(const Components& base, const std::string& text) {
    if (text.empty() || text.front() == '/') {
      return {};
    }
    std::deque<std::string> pending;
    for (auto& component : split(text)) {
      pending.push_back(std::move(component));
    }
    Components at = base;
    git_filemode_t mode = GIT_FILEMODE_TREE;
    git_oid id = *git_tree_id(m_root);
    while (!pending.empty()) {
      std::string name = std::move(pending.front());
      pending.pop_front();
      if (name.empty() || name == ".") {
        continue;
      }
      if (name == "..") {
        if (at.empty()) {
          return {};
        }
        at.pop_back();
        mode = GIT_FILEMODE_TREE;
        continue;
      }
      if (mode != GIT_FILEMODE_TREE || !is_safe_entry_name(name)) {
        return {};
      }
      Components candidate = at;
      candidate.push_back(name);
      git_tree_entry* raw = nullptr;
      if (git_tree_entry_bypath(&raw, m_root, path_of(candidate).c_str()) != 0) {
        return {};
      }
      TreeEntryPtr entry(raw);
      mode = git_tree_entry_filemode(entry.get());
      if (mode == GIT_FILEMODE_COMMIT) {
        return {};
      }
      if (mode == GIT_FILEMODE_LINK) {
        auto target = write_link(git_tree_entry_id(entry.get()), candidate);
        if (!target) {
          return std::unexpected(target.error());
        }
        at = std::move(target->path);
        mode = target->mode;
        git_oid_cpy(&id, &target->id);
        continue;
      }
      at = std::move(candidate);
      git_oid_cpy(&id, git_tree_entry_id(entry.get()));
    }
    return export_whole(at, mode, &id);
  }

  // Writes the folder or file at `physical` (no links in it) with its
  // parent folders, unless it or a folder above it is written already.
  Result<void> export_whole(const Components& physical, git_filemode_t mode, const git_oid* id) {
    for (std::size_t length = 0; length <= physical.size(); ++length) {
      if (m_whole.contains(path_of(
              Components(physical.begin(), physical.begin() + static_cast<long>(length))))) {
        return {};
      }
    }
    m_whole.insert(path_of(physical));
    if (auto parents = make_parent_folders(physical); !parents) {
      return parents;
    }
    const auto target = m_destination / path_of(physical);
    if (mode != GIT_FILEMODE_TREE) {
      return write_file(id, physical, target, mode == GIT_FILEMODE_BLOB_EXECUTABLE);
    }
    git_tree* raw = nullptr;
    if (git_tree_lookup(&raw, m_repository, id) != 0) {
      return fail("cannot read the folder '", path_of(physical), "': ", last_libgit2_error());
    }
    TreePtr tree(raw);
    if (!physical.empty()) {
      if (auto made = make_folder(physical); !made) {
        return made;
      }
    }
    return write_tree(tree.get(), physical);
  }

  Result<void> write_tree(const git_tree* tree, const Components& physical) {
    std::size_t count = git_tree_entrycount(tree);
    for (std::size_t i = 0; i < count; ++i) {
      const git_tree_entry* entry = git_tree_entry_byindex(tree, i);
      std::string name = git_tree_entry_name(entry);
      if (!is_safe_entry_name(name)) {
        return fail("refusing the entry '", child_path(path_of(physical), name),
                    "': its name is not a safe file name");
      }
      Components child = physical;
      child.push_back(name);
      // Written whole before, through a reference or a folder link.
      if (m_whole.contains(path_of(child))) {
        continue;
      }
      if (auto written = write_entry(entry, child); !written) {
        return written;
      }
    }
    return {};
  }

  Result<void> write_entry(const git_tree_entry* entry, const Components& physical) {
    git_filemode_t mode = git_tree_entry_filemode(entry);
    const auto target = m_destination / path_of(physical);
    switch (mode) {
      case GIT_FILEMODE_COMMIT:
        return {};  // a submodule: its files are not part of this repository
      case GIT_FILEMODE_TREE: {
        if (auto made = make_folder(physical); !made) {
          return made;
        }
        git_tree* raw = nullptr;
        if (git_tree_lookup(&raw, m_repository, git_tree_entry_id(entry)) != 0) {
          return fail("cannot read the folder '", path_of(physical), "': ", last_libgit2_error());
        }
        TreePtr subtree(raw);
        return write_tree(subtree.get(), physical);
      }
      case GIT_FILEMODE_BLOB:
      case GIT_FILEMODE_BLOB_EXECUTABLE:
        return write_file(git_tree_entry_id(entry), physical, target,
                          mode == GIT_FILEMODE_BLOB_EXECUTABLE);
      case GIT_FILEMODE_LINK: {
        auto written = write_link(git_tree_entry_id(entry), physical);
        if (!written) {
          return std::unexpected(written.error());
        }
        if (written->mode == GIT_FILEMODE_TREE) {
          m_linked_folders.push_back({written->path, written->id});
        }
        return {};
      }
      default:
        return fail("refusing the entry '", path_of(physical), "': unsupported file mode ",
                    std::to_string(static_cast<int>(mode)));
    }
  }

  // Writes the link at `physical`: a copy of the file it leads to, or a link
  // to the folder (which the caller writes, if it wants it). Returns where
  // it leads.
  Result<LinkTarget> write_link(const git_oid* id, const Components& physical) {
    const auto shown = path_of(physical);
    auto text = read_link(id, shown);
    if (!text) {
      return std::unexpected(text.error());
    }
    auto resolved = resolve_link(physical, shown, *text);
    if (!resolved) {
      return std::unexpected(resolved.error());
    }
    if (!m_links.insert(shown).second) {
      return resolved;
    }
    const auto target = m_destination / shown;
    if (resolved->mode != GIT_FILEMODE_TREE) {
      if (auto written = write_file(&resolved->id, physical, target,
                                    resolved->mode == GIT_FILEMODE_BLOB_EXECUTABLE);
          !written) {
        return std::unexpected(written.error());
      }
      return resolved;
    }
    // A folder that contains the link would hold it again, forever.
    const Components& folder = resolved->path;
    if (folder.size() < physical.size() &&
        std::equal(folder.begin(), folder.end(), physical.begin())) {
      return fail("refusing the symbolic link '", shown, "': its target '", *text,
                  "' is a folder that contains the link (a loop)");
    }
    if (auto counted = spend(0, shown); !counted) {
      return std::unexpected(counted.error());
    }
    if (::symlink(relative_link_text(physical, folder).c_str(), target.c_str()) != 0) {
      return fail("cannot write the symbolic link '", shown, "': ", std::strerror(errno));
    }
    return resolved;
  }

  // Follows the local paths a kustomization names, from its folder.
  Result<void> follow_kustomization(const Found& kustomization) {
    const auto shown = path_of(kustomization.path);
    git_blob* raw = nullptr;
    if (git_blob_lookup(&raw, m_repository, &kustomization.id) != 0) {
      return fail("cannot read the file '", shown, "': ", last_libgit2_error());
    }
    BlobPtr blob(raw);
    const std::string text(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                           static_cast<std::size_t>(git_blob_rawsize(blob.get())));
    auto paths = kustomization_local_paths(text, shown);
    if (!paths) {
      return {};  // rendering reports the broken kustomization
    }
    const Components folder(kustomization.path.begin(), kustomization.path.end() - 1);
    for (const auto& path : *paths) {
      if (auto written = export_reference(folder, path); !written) {
        return written;
      }
    }
    return {};
  }

  Result<void> make_parent_folders(const Components& physical) {
    for (std::size_t length = 1; length < physical.size(); ++length) {
      auto made =
          make_folder(Components(physical.begin(), physical.begin() + static_cast<long>(length)));
      if (!made) {
        return made;
      }
    }
    return {};
  }

  // Creates the folder `physical` unless it is there already; what is there
  // must be a folder this export made, never a link.
  Result<void> make_folder(const Components& physical) {
    const auto shown = path_of(physical);
    const auto target = m_destination / shown;
    if (::mkdir(target.c_str(), 0755) == 0) {
      return spend(0, shown);
    }
    struct stat info {};
    if (errno == EEXIST && ::lstat(target.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
      return {};
    }
    return fail("cannot create the folder '", shown, "': ", std::strerror(errno));
  }

  // Counts one more entry of `bytes` against the budgets.
  Result<void> spend(std::uintmax_t bytes, const std::string& shown) {
    if (++m_files > m_scope.max_files) {
      return fail("refusing to write more than ", std::to_string(m_scope.max_files),
                  " files and folders (at '", shown,
                  "'): the file budget of a render; raise it with --max-render-files");
    }
    if (bytes > m_scope.max_bytes - m_bytes) {
      return fail("refusing to write more than ", std::to_string(m_scope.max_bytes), " bytes (at '",
                  shown, "'): the byte budget of a render; raise it with --max-render-bytes");
    }
    m_bytes += bytes;
    return {};
  }

  Result<void> write_file(const git_oid* id, const Components& physical,
                          const std::filesystem::path& target, bool executable) {
    const auto shown = path_of(physical);
    if (is_kustomization_name(physical.back())) {
      m_kustomizations.push_back({physical, *id});
    }
    return write_blob(id, shown, target, executable);
  }

  Result<void> write_blob(const git_oid* id, const std::string& shown,
                          const std::filesystem::path& target, bool executable) {
    git_blob* raw = nullptr;
    if (git_blob_lookup(&raw, m_repository, id) != 0) {
      return fail("cannot read the file '", shown, "': ", last_libgit2_error());
    }
    BlobPtr blob(raw);
    if (auto counted = spend(static_cast<std::uintmax_t>(git_blob_rawsize(blob.get())), shown);
        !counted) {
      return counted;
    }
    // O_EXCL and O_NOFOLLOW: never write through anything already there.
    int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                    executable ? 0755 : 0644);
    if (fd < 0) {
      return fail("cannot write the file '", shown, "': ", std::strerror(errno));
    }
    const char* data = static_cast<const char*>(git_blob_rawcontent(blob.get()));
    auto remaining = static_cast<std::size_t>(git_blob_rawsize(blob.get()));
    while (remaining > 0) {
      ssize_t written = ::write(fd, data, remaining);
      if (written < 0 && errno == EINTR) {
        continue;
      }
      if (written <= 0) {
        int error = errno;
        ::close(fd);
        return fail("cannot write the file '", shown, "': ", std::strerror(error));
      }
      data += written;
      remaining -= static_cast<std::size_t>(written);
    }
    if (::close(fd) != 0) {
      return fail("cannot write the file '", shown, "': ", std::strerror(errno));
    }
    return {};
  }

  Result<std::string> read_link(const git_oid* id, const std::string& shown) {
    git_blob* raw = nullptr;
    if (git_blob_lookup(&raw, m_repository, id) != 0) {
      return fail("cannot read the symbolic link '", shown, "': ", last_libgit2_error());
    }
    BlobPtr blob(raw);
    return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                       static_cast<std::size_t>(git_blob_rawsize(blob.get())));
  }

  // Resolves the link at `link` (physical path) whose text is `text` the way
  // the kernel would, but inside the tree: every component is looked up in
  // the commit, links met on the way are followed, and leaving the root is
  // an error.
  Result<LinkTarget> resolve_link(const Components& link, const std::string& shown,
                                  const std::string& text) {
    auto outside = [&]() {
      return fail("refusing the symbolic link '", shown, "': its target '", text,
                  "' is outside the repository");
    };
    Components resolved(link.begin(), link.end() - 1);
    if (text.empty()) {
      return fail("refusing the symbolic link '", shown, "': its target is empty");
    }
    if (text.front() == '/') {
      return outside();
    }
    std::deque<std::string> pending;
    for (auto& component : split(text)) {
      pending.push_back(std::move(component));
    }
    int hops = 0;
    LinkTarget target;
    target.mode = GIT_FILEMODE_TREE;
    while (!pending.empty()) {
      std::string name = std::move(pending.front());
      pending.pop_front();
      if (name.empty() || name == ".") {
        continue;
      }
      if (name == "..") {
        if (resolved.empty()) {
          return outside();
        }
        resolved.pop_back();
        target.mode = GIT_FILEMODE_TREE;
        continue;
      }
      if (target.mode != GIT_FILEMODE_TREE) {
        return fail("refusing the symbolic link '", shown, "': its target '", text,
                    "' goes through a file");
      }
      if (!is_safe_entry_name(name)) {
        return fail("refusing the symbolic link '", shown, "': its target '", text,
                    "' names an unsafe entry");
      }
      Components candidate = resolved;
      candidate.push_back(name);
      git_tree_entry* raw = nullptr;
      if (git_tree_entry_bypath(&raw, m_root, path_of(candidate).c_str()) != 0) {
        return fail("refusing the symbolic link '", shown, "': its target '", text,
                    "' is not in the commit");
      }
      TreeEntryPtr entry(raw);
      git_filemode_t mode = git_tree_entry_filemode(entry.get());
      if (mode == GIT_FILEMODE_LINK) {
        if (++hops > k_max_link_hops) {
          return fail("refusing the symbolic link '", shown, "': too many levels of links");
        }
        auto next = read_link(git_tree_entry_id(entry.get()), path_of(candidate));
        if (!next) {
          return std::unexpected(next.error());
        }
        if (next->empty() || next->front() == '/') {
          return outside();
        }
        auto components = split(*next);
        pending.insert(pending.begin(), components.begin(), components.end());
        continue;
      }
      if (mode == GIT_FILEMODE_COMMIT) {
        return fail("refusing the symbolic link '", shown, "': its target '", text,
                    "' is inside a submodule");
      }
      resolved = std::move(candidate);
      target.mode = mode;
      git_oid_cpy(&target.id, git_tree_entry_id(entry.get()));
    }
    if (resolved.empty()) {
      return fail("refusing the symbolic link '", shown, "': it points to the repository root");
    }
    target.path = std::move(resolved);
    return target;
  }

  git_repository* m_repository;
  const git_tree* m_root;
  const std::filesystem::path& m_destination;
  const ExportScope& m_scope;
  std::uintmax_t m_files = 0;
  std::uintmax_t m_bytes = 0;
  std::set<std::string> m_whole;  // paths written whole
  std::set<std::string> m_links;  // links written
  std::deque<Found> m_linked_folders;
  std::deque<Found> m_kustomizations;  // kustomization files written
};

}  // namespace

Result<void> export_tree(git_repository* repository, const git_tree* tree,
                         const std::filesystem::path& destination, const ExportScope& scope) {
  return TreeExporter(repository, tree, destination, scope).run();
}

}  // namespace kgitops
