#include "git/remote_cache.hpp"

#include <optional>
#include <system_error>

#include "git/credentials.hpp"
#include "git/url.hpp"

namespace kgitops {
namespace {

namespace fs = std::filesystem;

constexpr const char* k_remote_name = "origin";
constexpr const char* k_branches_refspec = "+refs/heads/*:refs/remotes/origin/*";
constexpr const char* k_tags_refspec = "+refs/tags/*:refs/tags/*";

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

// The options of one fetch: credentials through `session`'s callback
// alone, no redirect, the progress callbacks that watch the deadline.
git_fetch_options fetch_options(AuthSession& session) {
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
  return options;
}

// Why a fetch failed: its deadline, the credential callback's refusal, or
// libgit2's own words, without a secret.
std::unexpected<Error> fetch_failure(const AuthSession& session,
                                     std::chrono::milliseconds timeout) {
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

// Points refs/remotes/origin/HEAD at the remote's default branch, as the
// fetch just learnt it.
Result<void> record_default_branch(git_repository* repository, git_remote* remote,
                                   const AuthSession& session) {
  Libgit2Buf default_branch;
  if (git_remote_default_branch(default_branch.get(), remote) == 0 &&
      default_branch.str().starts_with(k_branch_prefix)) {
    std::string target =
        std::string(k_cached_branch_prefix) + default_branch.str().substr(k_branch_prefix.size());
    git_reference* head = nullptr;
    if (git_reference_symbolic_create(&head, repository, k_cached_head, target.c_str(), 1,
                                      "remote HEAD") != 0) {
      return fail("cannot record the default branch of ", session.redacted_url, ": ",
                  scrub_secrets(session, last_libgit2_error()));
    }
    ReferencePtr owned(head);
  } else {
    // The remote has no HEAD (empty, or detached): forget an old answer.
    git_reference_remove(repository, k_cached_head);
  }
  return {};
}

}  // namespace

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
  git_fetch_options options = fetch_options(session);
  const FetchDeadline deadline(timeout);
  if (git_remote_fetch(remote.get(), nullptr, &options, "fetch") != 0) {
    return fetch_failure(session, timeout);
  }
  return record_default_branch(repository, remote.get(), session);
}

}  // namespace kgitops
