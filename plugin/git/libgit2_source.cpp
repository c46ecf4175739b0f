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
#include "git/tree_export.hpp"
#include "git/url.hpp"

namespace kgitops {
namespace {

namespace fs = std::filesystem;

constexpr const char* k_remote_name = "origin";
constexpr const char* k_branches_refspec = "+refs/heads/*:refs/remotes/origin/*";
constexpr const char* k_tags_refspec = "+refs/tags/*:refs/tags/*";
constexpr std::string_view k_remote_branch_prefix = "refs/remotes/origin/";
constexpr std::string_view k_branch_prefix = "refs/heads/";
constexpr std::string_view k_tag_prefix = "refs/tags/";
constexpr const char* k_remote_head = "refs/remotes/origin/HEAD";
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

std::string oid_hex(const git_oid& id) {
  std::array<char, GIT_OID_HEXSZ + 1> hex{};
  git_oid_tostr(hex.data(), hex.size(), &id);
  return hex.data();
}

// The remote's own name for a ref of the cache: refs/remotes/origin/x is the
// remote's refs/heads/x.
std::string remote_ref_name(const std::string& name) {
  if (name.starts_with(k_remote_branch_prefix)) {
    return std::string(k_branch_prefix) + name.substr(k_remote_branch_prefix.size());
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
  const char* head = origin.cached ? k_remote_head : "HEAD";
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
      (origin.cached ? std::string(k_remote_branch_prefix) : std::string(k_branch_prefix)) + branch;
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

// Writes the tree of `resolved` into a new temporary directory; on any
// failure the directory goes with everything written so far.
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

// Makes the bare cache repository at `directory`: initialised beside it and
// renamed into place, so a crash never leaves a half-made cache behind.
Result<void> create_cache_repository(const fs::path& directory, const std::string& shown_url) {
  fs::path staging = directory;
  staging += ".new";
  std::error_code ignored;
  fs::remove_all(staging, ignored);
  {
    git_repository* raw = nullptr;
    if (git_repository_init(&raw, staging.c_str(), 1) != 0) {
      return fail("cannot create the cache ", staging.string(), ": ", last_libgit2_error());
    }
    RepositoryPtr repository(raw);
    git_remote* raw_remote = nullptr;
    // The configuration keeps only the redacted URL; credentials never touch disk.
    if (git_remote_create_with_fetchspec(&raw_remote, repository.get(), k_remote_name,
                                         shown_url.c_str(), k_branches_refspec) != 0) {
      return fail("cannot create the cache ", staging.string(), ": ", last_libgit2_error());
    }
    RemotePtr remote(raw_remote);
    if (git_remote_add_fetch(repository.get(), k_remote_name, k_tags_refspec) != 0) {
      return fail("cannot create the cache ", staging.string(), ": ", last_libgit2_error());
    }
  }
  std::error_code error_code;
  fs::rename(staging, directory, error_code);
  if (error_code) {
    return fail("cannot create the cache ", directory.string(), ": ", error_code.message());
  }
  return {};
}

Result<RepositoryPtr> open_cache_repository(const fs::path& directory,
                                            const std::string& shown_url) {
  std::error_code ignored;
  if (fs::exists(directory, ignored)) {
    git_repository* raw = nullptr;
    if (git_repository_open_bare(&raw, directory.c_str()) == 0) {
      RepositoryPtr repository(raw);
      // A cache written by an older version may hold a URL with credentials.
      git_remote* raw_remote = nullptr;
      if (git_remote_lookup(&raw_remote, repository.get(), k_remote_name) == 0) {
        RemotePtr remote(raw_remote);
        const char* stored = git_remote_url(remote.get());
        if ((stored == nullptr || shown_url != stored) &&
            git_remote_set_url(repository.get(), k_remote_name, shown_url.c_str()) != 0) {
          return fail("cannot update the cache ", directory.string(), ": ", last_libgit2_error());
        }
      }
      return repository;
    }
    // Not a repository any more (damaged by hand): the cache is only a copy.
    fs::remove_all(directory, ignored);
  }
  auto created = create_cache_repository(directory, shown_url);
  if (!created) {
    return std::unexpected(created.error());
  }
  git_repository* raw = nullptr;
  if (git_repository_open_bare(&raw, directory.c_str()) != 0) {
    return fail("cannot open the cache ", directory.string(), ": ", last_libgit2_error());
  }
  return RepositoryPtr(raw);
}

// libgit2's refusal of a redirect to another host, with what to do about it.
std::string explain_fetch_error(const std::string& message) {
  if (message.starts_with("cannot redirect")) {
    return message +
           " (redirects to another host are not followed, so no credential leaves "
           "its host; give the repository's final address)";
  }
  return message;
}

// The deadline of the fetch running on this thread. libgit2 1.5 has no
// timeout of its own; it calls these progress callbacks as data arrives, and
// a non-zero return abandons the fetch. (Their payload is the credential
// callback's, so the deadline travels beside it.)
thread_local std::optional<std::chrono::steady_clock::time_point> t_fetch_deadline;

bool past_fetch_deadline() {
  return t_fetch_deadline && std::chrono::steady_clock::now() > *t_fetch_deadline;
}

int on_transfer_progress(const git_indexer_progress*, void*) {
  return past_fetch_deadline() ? -1 : 0;
}

int on_sideband_progress(const char*, int, void*) {
  return past_fetch_deadline() ? -1 : 0;
}

// Sets this thread's fetch deadline for as long as it lives.
class FetchDeadline {
 public:
  explicit FetchDeadline(std::chrono::milliseconds timeout) {
    t_fetch_deadline = std::chrono::steady_clock::now() + timeout;
  }
  ~FetchDeadline() { t_fetch_deadline.reset(); }
  FetchDeadline(const FetchDeadline&) = delete;
  FetchDeadline& operator=(const FetchDeadline&) = delete;
};

std::string duration_text(std::chrono::milliseconds duration) {
  return duration.count() % 1000 == 0 ? std::to_string(duration.count() / 1000) + "s"
                                      : std::to_string(duration.count()) + "ms";
}

// Fetches every branch and tag of `spec.repo` into the cache, pruning what the
// remote deleted, and points refs/remotes/origin/HEAD at its default branch.
// Gives up once `timeout` has passed.
Result<void> fetch_into_cache(git_repository* repository, const SourceSpec& spec,
                              std::chrono::milliseconds timeout) {
  const std::string& url = spec.repo;
  AuthSession session = start_auth_session(url, spec.credentials);
  git_remote* raw = nullptr;
  if (git_remote_lookup(&raw, repository, k_remote_name) != 0) {
    return fail("the cache of ", session.redacted_url,
                " has no remote: ", scrub_secrets(session, last_libgit2_error()));
  }
  RemotePtr remote(raw);
  // No password in the URL libgit2 sees: credentials go through the
  // callback alone, which checks where they would go.
  if (git_remote_set_instance_url(remote.get(), fetch_url(url).c_str()) != 0) {
    return fail("invalid repository URL ", session.redacted_url);
  }
  // The function, not GIT_FETCH_OPTIONS_INIT: clang's -Wmissing-field-initializers
  // flags the macro's partial braces.
  git_fetch_options options;
  git_fetch_options_init(&options, GIT_FETCH_OPTIONS_VERSION);
  options.prune = GIT_FETCH_PRUNE;
  options.update_fetchhead = 0;
  // Tags come through the forced tags refspec, so a moved tag moves here too.
  options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
  options.proxy_opts.type = GIT_PROXY_AUTO;
  // libgit2 keeps the credentials a server accepted for the requests after a
  // redirect, and asks the callback with the first URL: a redirect to another
  // host would get them unasked.
  options.follow_redirects = GIT_REMOTE_REDIRECT_NONE;
  options.callbacks.credentials = acquire_credential;
  options.callbacks.certificate_check = check_certificate;
  options.callbacks.payload = &session;
  options.callbacks.transfer_progress = on_transfer_progress;
  options.callbacks.sideband_progress = on_sideband_progress;
  const FetchDeadline deadline(timeout);
  if (git_remote_fetch(remote.get(), nullptr, &options, "fetch") != 0) {
    if (past_fetch_deadline()) {
      return fail_with(ErrorKind::timeout, "cannot fetch ", session.redacted_url,
                       ": timed out after ", duration_text(timeout), " (--git-timeout)");
    }
    if (!session.failure.empty()) {
      return fail_with(ErrorKind::remote, scrub_secrets(session, session.failure));
    }
    return fail_with(ErrorKind::remote, "cannot fetch ", session.redacted_url, ": ",
                     scrub_secrets(session, explain_fetch_error(last_libgit2_error())));
  }
  Libgit2Buf default_branch;
  if (git_remote_default_branch(default_branch.get(), remote.get()) == 0 &&
      default_branch.str().starts_with(k_branch_prefix)) {
    std::string target =
        std::string(k_remote_branch_prefix) + default_branch.str().substr(k_branch_prefix.size());
    git_reference* head = nullptr;
    if (git_reference_symbolic_create(&head, repository, k_remote_head, target.c_str(), 1,
                                      "remote HEAD") != 0) {
      return fail("cannot record the default branch of ", session.redacted_url, ": ",
                  scrub_secrets(session, last_libgit2_error()));
    }
    ReferencePtr owned(head);
  } else {
    // The remote has no HEAD (empty, or detached): forget an old answer.
    git_reference_remove(repository, k_remote_head);
  }
  return {};
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
    auto fetched = fetch_into_cache(repository->get(), spec, m_fetch_timeout);
    if (!fetched) {
      return std::unexpected(fetched.error());
    }
    auto resolved = resolve_revision(repository->get(), spec.revision, origin);
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
