#include "git/tree_link.hpp"

#include <cstddef>
#include <deque>
#include <utility>

#include "git/libgit2_handle.hpp"

namespace kgitops {
namespace {

// Links followed while resolving one link (as the kernel's 40).
constexpr int k_max_link_hops = 40;

// Walks a link's text one component at a time from the link's folder; a
// link met on the way puts its own text in front of what is left.
class LinkResolver {
 public:
  LinkResolver(git_repository* repository, const git_tree* root, const TreePath& link,
               const std::string& text)
      : m_repository(repository),
        m_root(root),
        m_shown(path_of(link)),
        m_text(text),
        m_resolved(link.begin(), link.end() - 1) {}

  Result<LinkTarget> run() {
    if (m_text.empty()) {
      return fail("refusing the symbolic link '", m_shown, "': its target is empty");
    }
    if (m_text.front() == '/') {
      return outside();
    }
    queue_front(m_text);
    m_target.mode = GIT_FILEMODE_TREE;
    while (!m_pending.empty()) {
      std::string name = std::move(m_pending.front());
      m_pending.pop_front();
      if (auto stepped = step(name); !stepped) {
        return std::unexpected(stepped.error());
      }
    }
    if (m_resolved.empty()) {
      return fail("refusing the symbolic link '", m_shown, "': it points to the repository root");
    }
    m_target.path = std::move(m_resolved);
    return m_target;
  }

 private:
  // One component of the text: nothing, up one folder, or down into an entry.
  Result<void> step(const std::string& name) {
    if (name.empty() || name == ".") {
      return {};
    }
    if (name == "..") {
      return go_up();
    }
    if (m_target.mode != GIT_FILEMODE_TREE) {
      return refuse("goes through a file");
    }
    if (!is_safe_entry_name(name)) {
      return refuse("names an unsafe entry");
    }
    return go_down(name);
  }

  Result<void> go_up() {
    if (m_resolved.empty()) {
      return outside();
    }
    m_resolved.pop_back();
    m_target.mode = GIT_FILEMODE_TREE;
    return {};
  }

  Result<void> go_down(const std::string& name) {
    TreePath candidate = m_resolved;
    candidate.push_back(name);
    git_tree_entry* raw = nullptr;
    if (git_tree_entry_bypath(&raw, m_root, path_of(candidate).c_str()) != 0) {
      return refuse("is not in the commit");
    }
    TreeEntryPtr entry(raw);
    git_filemode_t mode = git_tree_entry_filemode(entry.get());
    if (mode == GIT_FILEMODE_LINK) {
      return follow(git_tree_entry_id(entry.get()), candidate);
    }
    if (mode == GIT_FILEMODE_COMMIT) {
      return refuse("is inside a submodule");
    }
    m_resolved = std::move(candidate);
    m_target.mode = mode;
    git_oid_cpy(&m_target.id, git_tree_entry_id(entry.get()));
    return {};
  }

  // A link on the way, at `at`: its text is walked next, from where we are.
  Result<void> follow(const git_oid* id, const TreePath& at) {
    if (++m_hops > k_max_link_hops) {
      return fail("refusing the symbolic link '", m_shown, "': too many levels of links");
    }
    auto next = read_tree_link(m_repository, id, path_of(at));
    if (!next) {
      return std::unexpected(next.error());
    }
    if (next->empty() || next->front() == '/') {
      return outside();
    }
    queue_front(*next);
    return {};
  }

  void queue_front(const std::string& text) {
    auto components = split_tree_path(text);
    m_pending.insert(m_pending.begin(), std::make_move_iterator(components.begin()),
                     std::make_move_iterator(components.end()));
  }

  std::unexpected<Error> refuse(const char* why) const {
    return fail("refusing the symbolic link '", m_shown, "': its target '", m_text, "' ", why);
  }

  std::unexpected<Error> outside() const { return refuse("is outside the repository"); }

  git_repository* m_repository;
  const git_tree* m_root;
  const std::string m_shown;
  const std::string& m_text;
  TreePath m_resolved;
  std::deque<std::string> m_pending;
  LinkTarget m_target;
  int m_hops = 0;
};

}  // namespace

Result<std::string> read_tree_link(git_repository* repository, const git_oid* id,
                                   const std::string& shown) {
  git_blob* raw = nullptr;
  if (git_blob_lookup(&raw, repository, id) != 0) {
    return fail("cannot read the symbolic link '", shown, "': ", last_libgit2_error());
  }
  BlobPtr blob(raw);
  return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                     static_cast<std::size_t>(git_blob_rawsize(blob.get())));
}

Result<LinkTarget> resolve_tree_link(git_repository* repository, const git_tree* root,
                                     const TreePath& link, const std::string& text) {
  return LinkResolver(repository, root, link, text).run();
}

std::string relative_link_text(const TreePath& link, const TreePath& target) {
  const TreePath parent(link.begin(), link.end() - 1);
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

}  // namespace kgitops
