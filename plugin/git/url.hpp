#pragma once

#include <string>

namespace kgitops {

// How a repository is reached: opened in place, or fetched into the cache.
enum class RepoKind { local_path, file_url, remote };

// The parts of a repository URL the credential and host-key checks need.
// In a URL with a scheme, the user-info runs to the URL's last '@': a
// password may hold '/', '?', '#', '@' or ':' unencoded, so nothing before
// that '@' can be taken for the host (an '@' of a path is written %40).
struct UrlParts {
  std::string scheme;          // "https", "ssh", "file"; "ssh" for user@host:path
  std::string username;        // from the URL, percent-decoded, may be empty
  std::string password;        // from the URL, percent-decoded, may be empty
  bool has_user_info = false;  // the URL names a user (or a token) before an '@'
  // A scheme URL whose user-info holds '/', '?' or '#'. This tool fetches
  // such a URL without its user-info (fetch_url), so its reading holds here;
  // but kustomize and curl end the host at the first '/', so a URL handed
  // to them as written may reach another host than `host`.
  bool ambiguous_host = false;
  std::string host;
  int port = 0;      // 0 when the URL names none
  std::string path;  // without the leading '/'
};

// Classifies `repo` the way git does: a scheme makes a URL, a ':' before any
// '/' makes scp-style ssh (user@host:path), anything else is a local path.
RepoKind classify_repo(const std::string& repo);

// Splits a scheme URL or an scp-style address into its parts.
UrlParts parse_url(const std::string& url);

// `url` as it is fetched: no password in it. An ssh URL keeps its user name,
// which ssh logs in with; every other URL loses its user-info, which the
// credential callback offers instead.
std::string fetch_url(const std::string& url);

// `text` with the user-info of every URL in it removed (see redact_url); a
// URL ends at white space, a quote or an angle bracket.
std::string redact_text(const std::string& text);

// What names one repository however it is written, for telling whether two
// addresses mean the same one: "host/path" for a remote (no scheme, user,
// port, trailing ".git" or '/'; the host lower-case), the path for a local
// folder or a file:// URL. https://u@GitHub.com/org/shop.git and
// git@github.com:org/shop both give "github.com/org/shop".
std::string repository_identity(const std::string& repo);

// The name of the cache folder for `url`: hex SHA-256 of its redacted form,
// so URLs differing only in credentials share one cache.
std::string cache_key(const std::string& url);

}  // namespace kgitops
