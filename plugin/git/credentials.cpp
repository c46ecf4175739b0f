#include "git/credentials.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/files.hpp"
#include "git/credential_scope.hpp"
#include "git/git_source.hpp"
#include "git/known_hosts.hpp"
#include "process/process.hpp"

namespace kgitops {
namespace {

// More calls than any sequence of our sources needs: a safety net against a
// server that keeps asking.
constexpr int k_max_attempts = 4;
constexpr std::chrono::seconds k_helper_timeout{60};

std::optional<std::string> environment(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    return std::nullopt;
  }
  return std::string(value);
}

int give_up(AuthSession& session, const std::string& why, int code = GIT_EAUTH) {
  session.failure = why;
  git_error_set_str(GIT_ERROR_NET, why.c_str());
  return code;
}

int give_up_authentication(AuthSession& session) {
  return give_up(session, "authentication failed for " + session.redacted_url);
}

int offer_user_password(git_credential** out, AuthSession& session, const UserPassword& user) {
  session.secrets.push_back(user.password);
  return git_credential_userpass_plaintext_new(out, user.username.c_str(), user.password.c_str());
}

int acquire_user_password(git_credential** out, AuthSession& session,
                          const std::string& username_from_url) {
  if (!session.tried_url_credentials) {
    session.tried_url_credentials = true;
    if (session.url_credentials) {
      return offer_user_password(out, session, *session.url_credentials);
    }
  }
  if (!session.tried_environment) {
    session.tried_environment = true;
    if (auto user = environment_credentials()) {
      // Explicit credentials win; when they are refused, we stop there.
      session.tried_helper = true;
      return offer_user_password(out, session, *user);
    }
  }
  if (!session.tried_helper) {
    session.tried_helper = true;
    if (auto user = credential_helper_fill(session.url, username_from_url)) {
      return offer_user_password(out, session, *user);
    }
  }
  return give_up_authentication(session);
}

int acquire_ssh_key(git_credential** out, AuthSession& session, const std::string& username) {
  auto key = environment(k_env_ssh_key);
  if (key && !session.tried_ssh_key) {
    session.tried_ssh_key = true;
    std::error_code ignored;
    if (!std::filesystem::is_regular_file(*key, ignored)) {
      return give_up(session, std::string(k_env_ssh_key) + " names '" + *key +
                                  "', which is not a readable file (for " + session.redacted_url +
                                  ")");
    }
    std::string public_key = *key + ".pub";
    bool has_public_key = std::filesystem::is_regular_file(public_key, ignored);
    auto passphrase = environment(k_env_ssh_passphrase);
    if (passphrase) {
      session.secrets.push_back(*passphrase);
    }
    return git_credential_ssh_key_new(out, username.c_str(),
                                      has_public_key ? public_key.c_str() : nullptr, key->c_str(),
                                      passphrase ? passphrase->c_str() : nullptr);
  }
  if (!key && !session.tried_ssh_agent) {
    session.tried_ssh_agent = true;
    return git_credential_ssh_key_from_agent(out, username.c_str());
  }
  return give_up_authentication(session);
}

bool is_plain_http(const std::string& url) {
  constexpr std::string_view k_http = "http://";
  return url.size() >= k_http.size() &&
         std::equal(k_http.begin(), k_http.end(), url.begin(), [](char a, char b) {
           return a == std::tolower(static_cast<unsigned char>(b));
         });
}

// Why no credential goes to `url`: the scope names another host, or none
// because the address was read from the cluster.
std::string withheld_message(const AuthSession& session, const std::string& url) {
  const auto host = credential_host(url);
  if (session.scope.host.empty()) {
    return session.redacted_url +
           " asks for credentials, which are not sent to a repository address read from the "
           "cluster; name its host with --auth-host " +
           host + " to send them";
  }
  return session.redacted_url + " asks for credentials for " + host + ", which are only sent to " +
         session.scope.host;
}

std::string known_hosts_files_text(const std::vector<std::string>& files) {
  std::string text;
  for (const auto& file : files) {
    text += (text.empty() ? "" : " or ") + file;
  }
  return text;
}

}  // namespace

AuthSession start_auth_session(const std::string& url, const CredentialScope& scope) {
  AuthSession session;
  session.url = url;
  session.redacted_url = redact_url(url);
  session.scope = scope;
  const auto parts = parse_url(url);
  const bool ssh = parts.scheme == "ssh" || parts.scheme == "ssh+git" || parts.scheme == "git+ssh";
  // ssh logs in with the URL's user name itself; only a password is offered.
  if (parts.has_user_info && (!ssh || !parts.password.empty())) {
    session.url_credentials = UserPassword{parts.username, parts.password};
  }
  // A password (or a token alone) written into the address,
  // "https://user:secret@host/...": a secret as written and as decoded.
  const std::size_t separator = url.find("://");
  const std::size_t start = separator == std::string::npos ? 0 : separator + 3;
  const std::size_t at = url.rfind('@');
  if (classify_repo(url) != RepoKind::local_path && at != std::string::npos && at > start) {
    const std::string user_info = url.substr(start, at - start);
    const std::size_t colon = user_info.find(':');
    if (colon != std::string::npos) {
      session.secrets.push_back(user_info.substr(colon + 1));
      session.secrets.push_back(parts.password);
    } else if (!ssh) {  // a token in the user name's place (an ssh user name is no secret)
      session.secrets.push_back(user_info);
      session.secrets.push_back(parts.username);
    }
  }
  return session;
}

std::optional<UserPassword> environment_credentials() {
  auto username = environment(k_env_git_username);
  if (auto password = environment(k_env_git_password); password && username) {
    return UserPassword{*username, *password};
  }
  if (auto token = environment(k_env_git_token)) {
    return UserPassword{username.value_or(k_token_username), *token};
  }
  return std::nullopt;
}

std::string credential_helper_request(const UrlParts& url, const std::string& username) {
  std::string host = url.host;
  if (url.port != 0) {
    host += ":" + std::to_string(url.port);
  }
  // A newline would let a crafted URL inject attributes (CVE-2020-5260).
  for (const std::string* value :
       std::array<const std::string*, 4>{&url.scheme, &host, &url.path, &username}) {
    if (value->find_first_of("\n\r") != std::string::npos ||
        value->find('\0') != std::string::npos) {
      return {};
    }
  }
  std::string request = "protocol=" + url.scheme + "\nhost=" + host + "\n";
  if (!url.path.empty()) {
    request += "path=" + url.path + "\n";
  }
  if (!username.empty()) {
    request += "username=" + username + "\n";
  }
  return request + "\n";
}

std::optional<UserPassword> parse_credential_helper_reply(const std::string& reply) {
  UserPassword user;
  bool has_password = false;
  std::istringstream lines(reply);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    if (line.starts_with("username=")) {
      user.username = line.substr(9);
    } else if (line.starts_with("password=")) {
      user.password = line.substr(9);
      has_password = true;
    }
  }
  if (!has_password || user.username.empty()) {
    return std::nullopt;
  }
  return user;
}

std::optional<UserPassword> credential_helper_fill(const std::string& url,
                                                   const std::string& username) {
  std::string request = credential_helper_request(parse_url(url), username);
  if (request.empty()) {
    return std::nullopt;
  }
  ProcessRequest fill;
  fill.argv = {"git", "credential", "fill"};
  fill.input = request;  // on stdin: argv is visible to every user of the machine
  fill.environment = {{"GIT_TERMINAL_PROMPT", "0"}};
  fill.timeout = k_helper_timeout;
  auto output = run_process(fill);
  if (!output || output->exit_code != 0) {
    return std::nullopt;
  }
  return parse_credential_helper_reply(output->out);
}

int acquire_credential(git_credential** out, const char* url, const char* username_from_url,
                       unsigned int allowed_types, void* payload) {
  auto& session = *static_cast<AuthSession*>(payload);
  if (++session.attempts > k_max_attempts) {
    return give_up_authentication(session);
  }
  // libgit2 names the URL it was given; the session's scope decides.
  const std::string asked = url == nullptr ? session.url : url;
  if (!scope_covers(session.scope, asked)) {
    return give_up(session, withheld_message(session, asked));
  }
  if (is_plain_http(asked) && !session.scope.insecure_http) {
    return give_up(session, session.redacted_url +
                                " asks for credentials over plain http://, which would send "
                                "them unencrypted; use https://, or allow it with "
                                "--insecure-http (insecureHttp: true for an app of watch "
                                "--config)");
  }
  std::string username = username_from_url != nullptr ? username_from_url
                         : session.url_credentials    ? session.url_credentials->username
                                                      : "";
  if ((allowed_types & GIT_CREDENTIAL_USERPASS_PLAINTEXT) != 0) {
    return acquire_user_password(out, session, username);
  }
  // ssh asks for a user name first when the URL has none.
  if ((allowed_types & GIT_CREDENTIAL_USERNAME) != 0) {
    return git_credential_username_new(out, username.empty() ? "git" : username.c_str());
  }
  if ((allowed_types & GIT_CREDENTIAL_SSH_KEY) != 0) {
    return acquire_ssh_key(out, session, username.empty() ? "git" : username);
  }
  return give_up_authentication(session);
}

int check_certificate(git_cert* cert, int valid, const char* host, void* payload) {
  if (cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2) {
    return GIT_PASSTHROUGH;  // TLS: libgit2 has verified the chain and the name
  }
  auto& session = *static_cast<AuthSession*>(payload);
  if (valid != 0) {
    return 0;  // libgit2 found the key in ~/.ssh/known_hosts
  }
  std::string host_name = host == nullptr ? "" : host;
  const auto* host_key = reinterpret_cast<const git_cert_hostkey*>(cert);
  if ((host_key->type & GIT_CERT_SSH_RAW) == 0) {
    return give_up(session,
                   "cannot check the ssh host key of " + host_name + " for " + session.redacted_url,
                   GIT_ECERTIFICATE);
  }
  std::string_view key(host_key->hostkey, host_key->hostkey_len);
  std::vector<std::string> files;
  if (auto file = environment(k_env_ssh_known_hosts)) {
    files.push_back(*file);
  }
  if (auto home = environment("HOME")) {
    files.push_back(*home + "/.ssh/known_hosts");
  }
  int port = parse_url(session.url).port;
  for (const auto& file : files) {
    const auto text = read_file(file);
    if (!text) {
      continue;
    }
    switch (check_known_hosts(*text, host_name, port, key)) {
      case HostKeyStatus::known:
        return 0;
      case HostKeyStatus::changed:
        return give_up(session,
                       "the ssh host key of " + host_name + " does not match the one in " + file +
                           " (for " + session.redacted_url + ")",
                       GIT_ECERTIFICATE);
      case HostKeyStatus::revoked:
        return give_up(session,
                       "the ssh host key of " + host_name + " is revoked in " + file + " (for " +
                           session.redacted_url + ")",
                       GIT_ECERTIFICATE);
      case HostKeyStatus::unknown:
        break;
    }
  }
  return give_up(
      session,
      "ssh host " + host_name + " is not in " +
          (files.empty() ? std::string("any known_hosts file") : known_hosts_files_text(files)) +
          "; add its key there (for " + session.redacted_url + ")",
      GIT_ECERTIFICATE);
}

std::string scrub_secrets(const AuthSession& session, const std::string& text) {
  std::string result = redact_text(text);
  for (const auto& secret : session.secrets) {
    if (secret.empty()) {
      continue;
    }
    for (std::size_t at = result.find(secret); at != std::string::npos;
         at = result.find(secret, at)) {
      result.replace(at, secret.size(), "***");
      at += 3;
    }
  }
  return result;
}

}  // namespace kgitops
