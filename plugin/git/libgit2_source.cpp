#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <exception>
#include <optional>
#include <system_error>

#include "git/credentials.hpp"
#include "git/file_lock.hpp"
#include "git/git_source.hpp"
#include "git/libgit2_handle.hpp"
#include "git/recent_fetches.hpp"
#include "git/remote_cache.hpp"
#include "git/tree_export.hpp"
#include "git/tree_files.hpp"
#include "git/url.hpp"

namespace kgitops {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_tag_prefix = "refs/tags/";
// Long enough for another process's fetch of a large repository.
constexpr std::chrono::minutes k_cache_lock_timeout{10};

// Where a repository comes from, for resolving revisions and naming it.
struct Origin {
  std::string shown;    // path or redacted URL, for messages
  bool cached = false;  // a cache of a remote: branches live under refs/remotes/origin/
};

struct Resolved {
  git_oid commit{};
  std::string revision;
};

// The remote's own name for a ref of the cache: refs/remotes/origin/x is the
// remote's refs/heads/x.
std::string remote_ref_name(const std::string& name) {
  if (name.starts_with(k_cached_branch_prefix)) {
    return std::string(k_branch_prefix) + name.substr(k_cached_branch_prefix.size());
  }
  return name;
}

bool is_hex(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return std::isxdigit(c) != 0; });
}

// The commit `object` is or points to.
std::optional<git_oid> peel_to_commit(git_object* object) {
  git_object* raw = nullptr;
  if (git_object_peel(&raw, object, GIT_OBJECT_COMMIT) != 0) {
    return std::nullopt;
  }
  ObjectPtr commit(raw);
  return *git_object_id(commit.get());
}

// The commit a ref name leads to, through symbolic refs and annotated tags.
std::optional<git_oid> commit_of_ref(git_repository* repository, const std::string& name) {
  git_reference* raw = nullptr;
  if (git_reference_lookup(&raw, repository, name.c_str()) != 0) {
    return std::nullopt;
  }
  ReferencePtr reference(raw);
  git_object* peeled = nullptr;
  if (git_reference_peel(&peeled, reference.get(), GIT_OBJECT_COMMIT) != 0) {
    return std::nullopt;
  }
  ObjectPtr commit(peeled);
  return *git_object_id(commit.get());
}

Result<Resolved> resolve_default(git_repository* repository, const Origin& origin) {
  const char* head = origin.cached ? k_cached_head : "HEAD";
  git_reference* raw = nullptr;
  if (git_reference_lookup(&raw, repository, head) != 0) {
    return fail(origin.shown, " has no default branch (HEAD); give a revision");
  }
  ReferencePtr reference(raw);
  Resolved resolved;
  resolved.revision = git_reference_type(reference.get()) == GIT_REFERENCE_SYMBOLIC
                          ? remote_ref_name(git_reference_symbolic_target(reference.get()))
                          : std::string("HEAD");
  auto commit = commit_of_ref(repository, head);
  if (!commit) {
    return fail(origin.shown, " has no commit on its default branch (", resolved.revision, ")");
  }
  resolved.commit = *commit;
  return resolved;
}

// A full or abbreviated commit id; nothing when `revision` is not one.
Result<std::optional<Resolved>> resolve_commit_id(git_repository* repository,
                                                  const std::string& revision,
                                                  const Origin& origin) {
  if (revision.size() < GIT_OID_MINPREFIXLEN || revision.size() > GIT_OID_HEXSZ ||
      !is_hex(revision)) {
    return std::nullopt;
  }
  git_oid prefix{};
  if (git_oid_fromstrn(&prefix, revision.c_str(), revision.size()) != 0) {
    return std::nullopt;
  }
  git_object* raw = nullptr;
  int error = git_object_lookup_prefix(&raw, repository, &prefix, revision.size(), GIT_OBJECT_ANY);
  if (error == GIT_EAMBIGUOUS) {
    return fail("revision '", revision, "' is ambiguous in ", origin.shown,
                "; give more characters of the commit id");
  }
  if (error != 0) {
    return std::nullopt;
  }
  ObjectPtr object(raw);
  auto commit = peel_to_commit(object.get());
  if (!commit) {
    return std::nullopt;
  }
  return Resolved{*commit, oid_hex(*commit)};
}

// Any revision expression git understands ("main~2", "v1^{commit}");
// `revision` is what the user wrote, recorded when no ref was named.
std::optional<Resolved> resolve_expression(git_repository* repository,
                                           const std::string& expression,
                                           const std::string& revision) {
  git_object* raw_object = nullptr;
  git_reference* raw_reference = nullptr;
  if (git_revparse_ext(&raw_object, &raw_reference, repository, expression.c_str()) != 0) {
    return std::nullopt;
  }
  ObjectPtr object(raw_object);
  ReferencePtr reference(raw_reference);
  auto commit = peel_to_commit(object.get());
  if (!commit) {
    return std::nullopt;
  }
  std::string name = reference ? remote_ref_name(git_reference_name(reference.get())) : revision;
  return Resolved{*commit, name};
}

// Tries, in order: a commit id, a branch, a tag, then any git revision
// expression ("main~2").
Result<Resolved> resolve_revision(git_repository* repository, const std::string& revision,
                                  const Origin& origin) {
  if (revision.empty()) {
    return resolve_default(repository, origin);
  }
  auto by_id = resolve_commit_id(repository, revision, origin);
  if (!by_id) {
    return std::unexpected(by_id.error());
  }
  if (*by_id) {
    return **by_id;
  }
  std::string branch =
      revision.starts_with(k_branch_prefix) ? revision.substr(k_branch_prefix.size()) : revision;
  std::string branch_ref =
      (origin.cached ? std::string(k_cached_branch_prefix) : std::string(k_branch_prefix)) + branch;
  if (auto commit = commit_of_ref(repository, branch_ref)) {
    return Resolved{*commit, std::string(k_branch_prefix) + branch};
  }
  std::string tag_ref =
      revision.starts_with(k_tag_prefix) ? revision : std::string(k_tag_prefix) + revision;
  if (auto commit = commit_of_ref(repository, tag_ref)) {
    return Resolved{*commit, tag_ref};
  }
  if (auto parsed = resolve_expression(repository, revision, revision)) {
    return *parsed;
  }
  // In a cache, "main~1" means the remote's main: refs/remotes/origin/main~1.
  if (origin.cached) {
    if (auto parsed = resolve_expression(repository, "origin/" + revision, revision)) {
      return *parsed;
    }
  }
  return fail_with(ErrorKind::not_found, "revision '", revision, "' not found in ", origin.shown);
}

// Reads the plain folder of `resolved` from its tree when the scope allows
// it, or else writes what the scope asks for into a new temporary directory;
// on any failure the directory goes with everything written so far.
Result<Checkout> export_commit(git_repository* repository, const Resolved& resolved,
                               const Origin& origin, const ExportScope& scope) {
  std::string commit_hex = oid_hex(resolved.commit);
  std::string where = origin.shown + " at " + commit_hex.substr(0, 12);
  git_commit* raw_commit = nullptr;
  if (git_commit_lookup(&raw_commit, repository, &resolved.commit) != 0) {
    return fail(where, ": cannot read the commit: ", last_libgit2_error());
  }
  CommitPtr commit(raw_commit);
  git_tree* raw_tree = nullptr;
  if (git_commit_tree(&raw_tree, commit.get()) != 0) {
    return fail(where, ": cannot read the commit's tree: ", last_libgit2_error());
  }
  TreePtr tree(raw_tree);
  Checkout checkout;
  checkout.commit = commit_hex;
  checkout.revision = resolved.revision;
  if (scope.read_plain_from_tree) {
    auto plain = read_plain_folder(repository, tree.get(), scope);
    if (!plain) {
      return with_context(where, plain.error());
    }
    if (*plain) {
      checkout.tree_files = std::move(**plain);
      return checkout;
    }
  }
  // A sync killed mid-checkout leaves its files behind: the next run tidies up.
  TempDir::remove_abandoned("kgitops-checkout-");
  checkout.files = std::make_unique<TempDir>("kgitops-checkout-");
  auto exported = export_tree(repository, tree.get(), checkout.files->path(), scope);
  if (!exported) {
    return with_context(where, exported.error());
  }
  return checkout;
}

Result<Checkout> checkout_local(const SourceSpec& spec) {
  Origin origin{redact_url(spec.repo), false};
  std::error_code error_code;
  if (!fs::exists(spec.repo, error_code)) {
    return fail_with(ErrorKind::not_found, "repository '", origin.shown, "' not found");
  }
  if (!fs::is_directory(spec.repo, error_code)) {
    return fail("'", origin.shown, "' is not a git repository (not a directory)");
  }
  git_repository* raw = nullptr;
  // NO_SEARCH: the path itself must be the repository, never a parent of it.
  int error =
      git_repository_open_ext(&raw, spec.repo.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
  if (error == GIT_ENOTFOUND) {
    return fail("'", origin.shown, "' is not a git repository");
  }
  if (error != 0) {
    return fail("cannot open the repository '", origin.shown, "': ", last_libgit2_error());
  }
  RepositoryPtr repository(raw);
  auto resolved = resolve_revision(repository.get(), spec.revision, origin);
  if (!resolved) {
    return std::unexpected(resolved.error());
  }
  return export_commit(repository.get(), *resolved, origin, spec.scope);
}

// The path of a file:// URL, for a clear "not found" before fetching.
std::string file_url_path(const std::string& url) {
  std::string path = url.substr(std::string_view("file://").size());
  if (!path.empty() && path.front() != '/') {
    std::size_t slash = path.find('/');  // file://host/path: the host is local
    path = slash == std::string::npos ? std::string() : path.substr(slash);
  }
  return path;
}

class Libgit2Source : public GitSource {
 public:
  Libgit2Source(fs::path cache_dir, std::chrono::milliseconds fetch_timeout)
      : m_cache_dir(std::move(cache_dir)), m_fetch_timeout(fetch_timeout) {
    ensure_libgit2_initialised();
  }

  Result<Checkout> checkout(const SourceSpec& spec) override {
    try {
      if (spec.repo.empty()) {
        return fail("no repository given");
      }
      if (classify_repo(spec.repo) == RepoKind::local_path) {
        return checkout_local(spec);
      }
      return checkout_cached(spec);
    } catch (const std::exception& error) {
      // Only the unexpected lands here (no memory, no temporary directory).
      return fail("cannot check out ", redact_url(spec.repo), ": ", redact_text(error.what()));
    }
  }

 private:
  Result<Checkout> checkout_cached(const SourceSpec& spec) {
    Origin origin{redact_url(spec.repo), true};
    std::error_code error_code;
    if (classify_repo(spec.repo) == RepoKind::file_url &&
        !fs::exists(file_url_path(spec.repo), error_code)) {
      return fail_with(ErrorKind::not_found, "repository '", origin.shown, "' not found");
    }
    fs::path repos = m_cache_dir / "repos";
    fs::create_directories(repos, error_code);
    if (error_code) {
      return fail("cannot create the cache folder ", repos.string(), ": ", error_code.message());
    }
    fs::path directory = repos / cache_key(spec.repo);
    fs::path lock_path = directory;
    lock_path += ".lock";
    // Held until the files are written: no other process fetches (and
    // prunes) underneath this one.
    auto lock = FileLock::acquire(lock_path, k_cache_lock_timeout);
    if (!lock) {
      return std::unexpected(lock.error());
    }
    auto repository = open_cache_repository(directory, origin.shown);
    if (!repository) {
      return std::unexpected(repository.error());
    }
    const auto fetch = [&]() -> Result<void> {
      const auto began = std::chrono::steady_clock::now();
      auto fetched = fetch_into_cache(repository->get(), spec, m_fetch_timeout);
      if (fetched) {
        recent_fetches().fetched(spec, began);
      }
      return fetched;
    };
    const bool shared =
        recent_fetches().fresh(spec, spec.reuse_fetch, std::chrono::steady_clock::now());
    if (!shared) {
      if (auto fetched = fetch(); !fetched) {
        return std::unexpected(fetched.error());
      }
    }
    auto resolved = resolve_revision(repository->get(), spec.revision, origin);
    if (!resolved && shared) {
      // A revision pushed since the shared fetch (a new commit or tag): fetch it.
      if (auto fetched = fetch(); !fetched) {
        return std::unexpected(fetched.error());
      }
      resolved = resolve_revision(repository->get(), spec.revision, origin);
    }
    if (!resolved) {
      return std::unexpected(resolved.error());
    }
    return export_commit(repository->get(), *resolved, origin, spec.scope);
  }

  fs::path m_cache_dir;
  std::chrono::milliseconds m_fetch_timeout;
};

}  // namespace

std::unique_ptr<GitSource> make_libgit2_source(const std::filesystem::path& cache_dir,
                                               std::chrono::milliseconds fetch_timeout) {
  return std::make_unique<Libgit2Source>(cache_dir, fetch_timeout);
}

}  // namespace kgitops
