#include "git/tree_export.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <deque>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "git/libgit2_handle.hpp"

namespace kgitops {
namespace {

// Links followed while resolving one link (as the kernel's 40).
constexpr int k_max_link_hops = 40;
// Directory links inside copies of directory links.
constexpr int k_max_directory_link_depth = 8;
// Files a commit may expand to once directory links are copied.
constexpr long k_max_exported_files = 1'000'000;

using Components = std::vector<std::string>;

std::string join(const Components& components) {
  std::string path;
  for (const auto& component : components) {
    path += (path.empty() ? "" : "/") + component;
  }
  return path;
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
  std::string lowered(name);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lowered != ".git";
}

// Where a link leads inside the tree: a blob or a subtree.
struct LinkTarget {
  Components path;  // physical path in the tree
  git_filemode_t mode = GIT_FILEMODE_BLOB;
  git_oid id{};
};

class TreeExporter {
 public:
  TreeExporter(git_repository* repository, const git_tree* root)
      : m_repository(repository), m_root(root) {}

  // Writes `tree`, found at `physical` in the commit and shown as `logical`.
  Result<void> write_tree(const git_tree* tree, const Components& physical,
                          const std::string& logical, const std::filesystem::path& directory,
                          int directory_link_depth) {
    std::size_t count = git_tree_entrycount(tree);
    for (std::size_t i = 0; i < count; ++i) {
      const git_tree_entry* entry = git_tree_entry_byindex(tree, i);
      std::string name = git_tree_entry_name(entry);
      std::string shown = child_path(logical, name);
      if (!is_safe_entry_name(name)) {
        return fail("refusing the entry '", shown, "': its name is not a safe file name");
      }
      Components entry_physical = physical;
      entry_physical.push_back(name);
      auto written =
          write_entry(entry, entry_physical, shown, directory / name, directory_link_depth);
      if (!written) {
        return written;
      }
    }
    return {};
  }

 private:
  Result<void> write_entry(const git_tree_entry* entry, const Components& physical,
                           const std::string& shown, const std::filesystem::path& target,
                           int directory_link_depth) {
    git_filemode_t mode = git_tree_entry_filemode(entry);
    switch (mode) {
      case GIT_FILEMODE_COMMIT:
        return {};  // a submodule: its files are not part of this repository
      case GIT_FILEMODE_TREE:
        return write_subtree(git_tree_entry_id(entry), physical, shown, target,
                             directory_link_depth);
      case GIT_FILEMODE_BLOB:
      case GIT_FILEMODE_BLOB_EXECUTABLE:
        return write_blob(git_tree_entry_id(entry), shown, target,
                          mode == GIT_FILEMODE_BLOB_EXECUTABLE);
      case GIT_FILEMODE_LINK:
        return write_link_copy(git_tree_entry_id(entry), physical, shown, target,
                               directory_link_depth);
      default:
        return fail("refusing the entry '", shown, "': unsupported file mode ",
                    std::to_string(static_cast<int>(mode)));
    }
  }

  Result<void> write_subtree(const git_oid* id, const Components& physical,
                             const std::string& shown, const std::filesystem::path& target,
                             int directory_link_depth) {
    git_tree* raw = nullptr;
    if (git_tree_lookup(&raw, m_repository, id) != 0) {
      return fail("cannot read the folder '", shown, "': ", last_libgit2_error());
    }
    TreePtr subtree(raw);
    if (::mkdir(target.c_str(), 0755) != 0) {
      return fail("cannot create the folder '", shown, "': ", std::strerror(errno));
    }
    return write_tree(subtree.get(), physical, shown, target, directory_link_depth);
  }

  Result<void> write_blob(const git_oid* id, const std::string& shown,
                          const std::filesystem::path& target, bool executable) {
    if (++m_files_written > k_max_exported_files) {
      return fail("refusing to write more than ", std::to_string(k_max_exported_files),
                  " files (at '", shown, "')");
    }
    git_blob* raw = nullptr;
    if (git_blob_lookup(&raw, m_repository, id) != 0) {
      return fail("cannot read the file '", shown, "': ", last_libgit2_error());
    }
    BlobPtr blob(raw);
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
      if (git_tree_entry_bypath(&raw, m_root, join(candidate).c_str()) != 0) {
        return fail("refusing the symbolic link '", shown, "': its target '", text,
                    "' is not in the commit");
      }
      TreeEntryPtr entry(raw);
      git_filemode_t mode = git_tree_entry_filemode(entry.get());
      if (mode == GIT_FILEMODE_LINK) {
        if (++hops > k_max_link_hops) {
          return fail("refusing the symbolic link '", shown, "': too many levels of links");
        }
        auto next = read_link(git_tree_entry_id(entry.get()), join(candidate));
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

  Result<void> write_link_copy(const git_oid* id, const Components& physical,
                               const std::string& shown, const std::filesystem::path& target,
                               int directory_link_depth) {
    auto text = read_link(id, shown);
    if (!text) {
      return std::unexpected(text.error());
    }
    auto resolved = resolve_link(physical, shown, *text);
    if (!resolved) {
      return std::unexpected(resolved.error());
    }
    if (resolved->mode != GIT_FILEMODE_TREE) {
      return write_blob(&resolved->id, shown, target,
                        resolved->mode == GIT_FILEMODE_BLOB_EXECUTABLE);
    }
    // A folder that contains the link itself would be copied forever.
    const Components& folder = resolved->path;
    if (folder.size() < physical.size() &&
        std::equal(folder.begin(), folder.end(), physical.begin())) {
      return fail("refusing the symbolic link '", shown, "': its target '", *text,
                  "' is a folder that contains the link (a loop)");
    }
    if (directory_link_depth >= k_max_directory_link_depth) {
      return fail("refusing the symbolic link '", shown, "': too many nested folder links");
    }
    return write_subtree(&resolved->id, folder, shown, target, directory_link_depth + 1);
  }

  git_repository* m_repository;
  const git_tree* m_root;
  long m_files_written = 0;
};

}  // namespace

Result<void> export_tree(git_repository* repository, const git_tree* tree,
                         const std::filesystem::path& destination) {
  TreeExporter exporter(repository, tree);
  return exporter.write_tree(tree, {}, "", destination, 0);
}

}  // namespace kgitops
