#pragma once

#include <optional>
#include <string>
#include <vector>

#include <git2.h>

#include "git/git_source.hpp"
#include "git/url.hpp"

namespace kgitops {

// Environment variables that carry credentials for remotes. Their values
// never reach a command line, a log or an error message.
inline constexpr const char* k_env_git_username = "GITOPS_GIT_USERNAME";
inline constexpr const char* k_env_git_password = "GITOPS_GIT_PASSWORD";
inline constexpr const char* k_env_git_token = "GITOPS_GIT_TOKEN";
inline constexpr const char* k_env_ssh_key = "GITOPS_GIT_SSH_KEY";
inline constexpr const char* k_env_ssh_passphrase = "GITOPS_GIT_SSH_PASSPHRASE";
inline constexpr const char* k_env_ssh_known_hosts = "GITOPS_GIT_SSH_KNOWN_HOSTS";

// The user name paired with a token when GITOPS_GIT_USERNAME is unset.
inline constexpr const char* k_token_username = "x-access-token";

struct UserPassword {
  std::string username;
  std::string password;
};

// What the libgit2 callbacks of one fetch know and remember between calls.
// libgit2 calls the credential callback again after each rejection, so each
// source of credentials is offered once and then the fetch gives up.
struct AuthSession {
  std::string url;                              // as given; may hold credentials
  std::string redacted_url;                     // for every message
  CredentialScope scope;                        // to whom credentials may go
  std::optional<UserPassword> url_credentials;  // written into the URL itself
  int attempts = 0;
  bool tried_url_credentials = false;
  bool tried_environment = false;
  bool tried_helper = false;
  bool tried_ssh_key = false;
  bool tried_ssh_agent = false;
  std::string failure;               // why the fetch was refused; empty while all is fine
  std::vector<std::string> secrets;  // handed out, so scrubbed from any message
};

// A session for fetching `url` under `scope`; a password written into the
// URL counts as a secret, as written and decoded.
AuthSession start_auth_session(const std::string& url, const CredentialScope& scope);

// libgit2 credential callback; `payload` is an AuthSession. Nothing is
// offered to a URL outside the session's scope, nor over plain http://
// unless the scope allows it; either refusal fails the fetch with why.
// Then, in order: the URL's own user-info, the environment, git's helper.
int acquire_credential(git_credential** out, const char* url, const char* username_from_url,
                       unsigned int allowed_types, void* payload);

// libgit2 certificate callback; `payload` is an AuthSession. TLS keeps
// libgit2's verdict; an SSH host key must be in GITOPS_GIT_SSH_KNOWN_HOSTS or
// ~/.ssh/known_hosts.
int check_certificate(git_cert* cert, int valid, const char* host, void* payload);

// `text` with URLs' user-info and every secret the session handed out removed.
std::string scrub_secrets(const AuthSession& session, const std::string& text);

// GITOPS_GIT_USERNAME with GITOPS_GIT_PASSWORD, or GITOPS_GIT_TOKEN (user name
// x-access-token unless GITOPS_GIT_USERNAME is set); nothing when neither is set.
std::optional<UserPassword> environment_credentials();

// The request `git credential fill` reads on its stdin for `url`.
std::string credential_helper_request(const UrlParts& url, const std::string& username);

// The user name and password in the reply of `git credential fill`.
std::optional<UserPassword> parse_credential_helper_reply(const std::string& reply);

// Asks git's configured credential helpers (never a terminal prompt) for `url`.
std::optional<UserPassword> credential_helper_fill(const std::string& url,
                                                   const std::string& username);

}  // namespace kgitops
