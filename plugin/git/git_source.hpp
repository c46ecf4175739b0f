#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/defaults.hpp"
#include "core/error.hpp"
#include "core/temp_dir.hpp"
#include "render/tree_file.hpp"

namespace kgitops {

// To whom one fetch may present credentials (the environment's, git's
// credential helper's, an ssh key, or those written into the URL). Decided by
// whoever named the repository: a URL the user gave may have credentials for
// its own host; a URL read from the cluster only for a host the user named.
struct CredentialScope {
  std::string host;            // credential_host() of the repository; empty: nobody
  bool insecure_http = false;  // credentials may also travel over plain http://
};

// What a render may make the export write, at most.
inline constexpr std::uintmax_t k_default_max_export_bytes = 256 * 1024 * 1024;
inline constexpr std::uintmax_t k_default_max_export_files = 20'000;

// Which files of a commit are written out: the folder (or file) `path`, the
// `files` named besides it, and what its kustomizations reference inside the
// repository, within budgets.
struct ExportScope {
  std::string path;  // inside the repository; empty or "." for the whole tree
  // Files written besides `path`, inside the repository (a chart's values files).
  std::vector<std::string> files = {};
  std::uintmax_t max_bytes = k_default_max_export_bytes;  // file content written
  std::uintmax_t max_files = k_default_max_export_files;  // files, folders and links
  // A plain folder (no kustomization, chart or link in it, nothing besides)
  // is read from git's object database instead of written out.
  bool read_plain_from_tree = false;
};

// Where manifests come from: a repository and a revision in it.
struct SourceSpec {
  std::string repo;               // local path, file://, https:// or ssh (user@host:path, ssh://)
  std::string revision;           // branch, tag or commit; empty means the remote's HEAD
  CredentialScope credentials{};  // by default, none are sent
  ExportScope scope = {};         // what of the commit is written out
  // A fetch of the same remote with the same credentials that this process
  // began this recently (for another app) serves instead of a fetch of its
  // own: the apps of one repository share a fetch. Zero: always fetch.
  std::chrono::milliseconds reuse_fetch{0};
};

// The files of one commit: written out to a private, disposable directory,
// or, for a plain folder when the scope allows it, read from git's object
// database. "Git is the truth": nothing of a working tree or of local edits
// is in it.
struct Checkout {
  std::string commit;                  // full SHA-1 of the commit rendered
  std::string revision;                // the revision as resolved, e.g. "refs/heads/main"
  std::unique_ptr<TempDir> files;      // null when read from the tree
  std::vector<TreeFile> tree_files{};  // the plain folder's manifest files, then
  bool read_from_tree() const { return files == nullptr; }
  const std::filesystem::path& root() const { return files->path(); }
};

// Fetches and exports commits. The libgit2 implementation keeps a bare cache
// per remote URL; tests may substitute another.
class GitSource {
 public:
  virtual ~GitSource() = default;
  // Fetches `spec.repo` (for a remote, into the cache), resolves
  // `spec.revision` and writes that commit's files in `spec.scope` out. Errors name the
  // repository (never with credentials) and the revision.
  virtual Result<Checkout> checkout(const SourceSpec& spec) = 0;
};

// The libgit2-backed source. `cache_dir` holds one bare repository per URL;
// a fetch still running after `fetch_timeout` is abandoned with an error.
std::unique_ptr<GitSource> make_libgit2_source(
    const std::filesystem::path& cache_dir,
    std::chrono::milliseconds fetch_timeout = defaults::k_git_fetch_timeout);

// `url` with any user-info (user:password@ or token@) removed, safe for logs
// and the inventory: the user-info runs to the last '@', so no part of a
// password holding '/', '?', '#', '@' or ':' stays. scp-style user@host:path
// keeps its user name and loses a ":password".
std::string redact_url(const std::string& url);

}  // namespace kgitops
