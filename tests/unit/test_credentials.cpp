#include <doctest/doctest.h>

#include <string>

#include <git2/sys/credential.h>
#include "git/credential_scope.hpp"
#include "git/credentials.hpp"

#include "git/libgit2_handle.hpp"
#include "git_test_support.hpp"

using namespace kgitops;
using test::ScopedEnv;

namespace {

// Clears every credential variable for the scope of a test.
struct NoCredentialEnvironment {
  ScopedEnv username{k_env_git_username, std::nullopt};
  ScopedEnv password{k_env_git_password, std::nullopt};
  ScopedEnv token{k_env_git_token, std::nullopt};
  ScopedEnv ssh_key{k_env_ssh_key, std::nullopt};
  ScopedEnv known_hosts{k_env_ssh_known_hosts, std::nullopt};
};

struct CredentialPtrDeleter {
  void operator()(git_credential* credential) const { git_credential_free(credential); }
};
using CredentialPtr = std::unique_ptr<git_credential, CredentialPtrDeleter>;

// A session for a URL the user gave: credentials may go to its host.
AuthSession session_for(const std::string& url) {
  return start_auth_session(url, scope_for_named_repo(url, false));
}

// Calls the credential callback as libgit2 would; returns its result code.
int ask(AuthSession& session, unsigned int allowed, CredentialPtr& out,
        const char* username = nullptr) {
  git_credential* raw = nullptr;
  int result = acquire_credential(&raw, session.url.c_str(), username, allowed, &session);
  out.reset(raw);
  return result;
}

}  // namespace

TEST_CASE("environment_credentials reads a user and password or a token") {
  NoCredentialEnvironment clean;
  CHECK_FALSE(environment_credentials().has_value());
  {
    ScopedEnv token(k_env_git_token, "tok-123");
    auto user = environment_credentials();
    REQUIRE(user);
    CHECK(user->username == "x-access-token");
    CHECK(user->password == "tok-123");
    ScopedEnv name(k_env_git_username, "bot");
    CHECK(environment_credentials()->username == "bot");
  }
  {
    ScopedEnv name(k_env_git_username, "alice");
    CHECK_FALSE(environment_credentials().has_value());  // a user name alone is not enough
    ScopedEnv password(k_env_git_password, "pw");
    auto user = environment_credentials();
    REQUIRE(user);
    CHECK(user->username == "alice");
    CHECK(user->password == "pw");
  }
}

TEST_CASE("credential_helper_request is git's stdin protocol") {
  auto url = parse_url("https://git.example.com:8443/org/repo.git");
  CHECK(credential_helper_request(url, "") ==
        "protocol=https\nhost=git.example.com:8443\npath=org/repo.git\n\n");
  CHECK(credential_helper_request(parse_url("http://h/r"), "bob") ==
        "protocol=http\nhost=h\npath=r\nusername=bob\n\n");
  // A newline smuggled into the URL would inject attributes: refused.
  CHECK(credential_helper_request(parse_url("https://h/r\nhost=evil"), "").empty());
}

TEST_CASE("parse_credential_helper_reply takes the user name and password") {
  auto user =
      parse_credential_helper_reply("protocol=https\nhost=h\nusername=bob\npassword=s3=cret\r\n");
  REQUIRE(user);
  CHECK(user->username == "bob");
  CHECK(user->password == "s3=cret");
  CHECK_FALSE(parse_credential_helper_reply("username=bob\n").has_value());
  CHECK_FALSE(parse_credential_helper_reply("").has_value());
}

TEST_CASE("credential_helper_fill asks git's configured helper over stdin") {
  TempDir dir("kgitops-credential-helper-");
  auto request_file = dir.path() / "request";
  auto config = dir.path() / "gitconfig";
  test::write_file(config,
                   "[credential]\n\thelper = \"!f() { test \\\"$1\\\" = get || exit 0; cat > '" +
                       request_file.string() +
                       "'; echo username=helper-user; echo password=helper-pass; }; f\"\n");
  ScopedEnv global("GIT_CONFIG_GLOBAL", config.string());
  ScopedEnv system("GIT_CONFIG_NOSYSTEM", "1");
  auto user = credential_helper_fill("https://git.example.com/org/repo.git", "");
  REQUIRE(user);
  CHECK(user->username == "helper-user");
  CHECK(user->password == "helper-pass");
  std::string request = test::read_file(request_file);
  CHECK(request.find("protocol=https\n") != std::string::npos);
  CHECK(request.find("host=git.example.com\n") != std::string::npos);
}

TEST_CASE("credential_helper_fill gives nothing when no helper answers") {
  TempDir dir("kgitops-credential-helper-");
  auto config = dir.path() / "gitconfig";
  test::write_file(config, "");
  ScopedEnv global("GIT_CONFIG_GLOBAL", config.string());
  ScopedEnv system("GIT_CONFIG_NOSYSTEM", "1");
  ScopedEnv askpass("GIT_ASKPASS", std::nullopt);
  ScopedEnv ssh_askpass("SSH_ASKPASS", std::nullopt);
  CHECK_FALSE(credential_helper_fill("https://git.example.com/org/repo.git", "").has_value());
}

TEST_CASE("acquire_credential offers the environment's token once, then gives up") {
  ensure_libgit2_initialised();
  NoCredentialEnvironment clean;
  ScopedEnv token(k_env_git_token, "tok-secret-42");
  AuthSession session = session_for("https://git.example.com/org/repo.git");
  CredentialPtr credential;
  REQUIRE(ask(session, GIT_CREDENTIAL_USERPASS_PLAINTEXT, credential) == 0);
  REQUIRE(credential);
  CHECK(credential->credtype == GIT_CREDENTIAL_USERPASS_PLAINTEXT);
  CHECK(std::string(git_credential_get_username(credential.get())) == "x-access-token");
  // The server refused it: libgit2 asks again, and we stop.
  CHECK(ask(session, GIT_CREDENTIAL_USERPASS_PLAINTEXT, credential) == GIT_EAUTH);
  CHECK(session.failure == "authentication failed for https://git.example.com/org/repo.git");
  CHECK(session.failure.find("tok-secret-42") == std::string::npos);
  CHECK(scrub_secrets(session, "server said tok-secret-42") == "server said ***");
}

TEST_CASE("acquire_credential handles ssh user names, keys and the agent") {
  ensure_libgit2_initialised();
  NoCredentialEnvironment clean;
  AuthSession session = session_for("ssh://git.example.com/repo.git");
  CredentialPtr credential;
  REQUIRE(ask(session, GIT_CREDENTIAL_USERNAME, credential) == 0);
  CHECK(std::string(git_credential_get_username(credential.get())) == "git");

  // No key configured: the agent, once.
  REQUIRE(ask(session, GIT_CREDENTIAL_SSH_KEY, credential, "git") == 0);
  CHECK(credential->credtype == GIT_CREDENTIAL_SSH_KEY);
  CHECK(ask(session, GIT_CREDENTIAL_SSH_KEY, credential, "git") == GIT_EAUTH);
  CHECK(session.failure.find("authentication failed for ssh://git.example.com/repo.git") == 0);

  TempDir dir("kgitops-ssh-key-");
  auto key = dir.path() / "id_test";
  test::write_file(key, "not really a key\n");
  ScopedEnv key_env(k_env_ssh_key, key.string());
  AuthSession with_key = session_for("git@git.example.com:repo.git");
  REQUIRE(ask(with_key, GIT_CREDENTIAL_SSH_KEY, credential, "git") == 0);
  CHECK(credential->credtype == GIT_CREDENTIAL_SSH_KEY);
  CHECK(ask(with_key, GIT_CREDENTIAL_SSH_KEY, credential, "git") == GIT_EAUTH);

  ScopedEnv missing_key(k_env_ssh_key, (dir.path() / "missing").string());
  AuthSession missing = session_for("git@git.example.com:repo.git");
  CHECK(ask(missing, GIT_CREDENTIAL_SSH_KEY, credential, "git") == GIT_EAUTH);
  CHECK(missing.failure.find("GITOPS_GIT_SSH_KEY") != std::string::npos);
}

TEST_CASE("check_certificate accepts an ssh host key only from known_hosts") {
  ensure_libgit2_initialised();
  NoCredentialEnvironment clean;
  TempDir home("kgitops-home-");
  ScopedEnv home_env("HOME", home.path().string());
  std::string key = test::key_blob("ssh-ed25519", 'k');
  git_cert_hostkey cert{};
  cert.parent.cert_type = GIT_CERT_HOSTKEY_LIBSSH2;
  cert.type = GIT_CERT_SSH_RAW;
  cert.raw_type = GIT_CERT_SSH_RAW_TYPE_KEY_ED25519;
  cert.hostkey = key.data();
  cert.hostkey_len = key.size();
  auto* as_cert = reinterpret_cast<git_cert*>(&cert);

  AuthSession session = session_for("ssh://git@git.example.com:2222/repo.git");
  CHECK(check_certificate(as_cert, 0, "git.example.com", &session) == GIT_ECERTIFICATE);
  CHECK(session.failure.find("ssh host git.example.com is not in") == 0);
  CHECK(session.failure.find("ssh://git.example.com:2222/repo.git") != std::string::npos);

  // libgit2 already found it in ~/.ssh/known_hosts.
  CHECK(check_certificate(as_cert, 1, "git.example.com", &session) == 0);

  auto known_hosts = home.path() / "known_hosts";
  test::write_file(known_hosts, "[git.example.com]:2222 ssh-ed25519 " + test::base64(key) + "\n");
  ScopedEnv known_env(k_env_ssh_known_hosts, known_hosts.string());
  AuthSession trusted = session_for("ssh://git@git.example.com:2222/repo.git");
  CHECK(check_certificate(as_cert, 0, "git.example.com", &trusted) == 0);

  // Listed with another key: a clear refusal.
  test::write_file(known_hosts, "[git.example.com]:2222 ssh-ed25519 " +
                                    test::base64(test::key_blob("ssh-ed25519", 'x')) + "\n");
  AuthSession changed = session_for("ssh://git@git.example.com:2222/repo.git");
  CHECK(check_certificate(as_cert, 0, "git.example.com", &changed) == GIT_ECERTIFICATE);
  CHECK(changed.failure.find("does not match") != std::string::npos);

  // ~/.ssh/known_hosts is read as well.
  test::write_file(home.path() / ".ssh" / "known_hosts",
                   "[git.example.com]:2222 ssh-ed25519 " + test::base64(key) + "\n");
  ScopedEnv no_extra(k_env_ssh_known_hosts, std::nullopt);
  AuthSession from_home = session_for("ssh://git@git.example.com:2222/repo.git");
  CHECK(check_certificate(as_cert, 0, "git.example.com", &from_home) == 0);

  git_cert tls{};
  tls.cert_type = GIT_CERT_X509;
  CHECK(check_certificate(&tls, 1, "git.example.com", &session) == GIT_PASSTHROUGH);
}

TEST_CASE("scrub_secrets removes URL credentials and handed-out secrets") {
  AuthSession session = session_for("https://bot:url-pass-9@git.example.com/repo.git");
  CHECK(session.redacted_url == "https://git.example.com/repo.git");
  CHECK(scrub_secrets(session, "GET https://bot:url-pass-9@git.example.com/repo.git failed") ==
        "GET https://git.example.com/repo.git failed");
  CHECK(scrub_secrets(session, "echo url-pass-9") == "echo ***");
  session.secrets.push_back("helper-pw");
  CHECK(scrub_secrets(session, "helper-pw and helper-pw") == "*** and ***");
}

TEST_CASE("acquire_credential offers the URL's own user-info first, decoded") {
  ensure_libgit2_initialised();
  NoCredentialEnvironment clean;
  ScopedEnv token(k_env_git_token, "env-token-5");
  AuthSession session = session_for("https://bot:pa%2Fss@git.example.com/repo.git");
  CredentialPtr credential;
  REQUIRE(ask(session, GIT_CREDENTIAL_USERPASS_PLAINTEXT, credential) == 0);
  CHECK(std::string(git_credential_get_username(credential.get())) == "bot");
  const auto* user_pass = reinterpret_cast<git_credential_userpass_plaintext*>(credential.get());
  CHECK(std::string(user_pass->password) == "pa/ss");
  // Refused: then the environment's token.
  REQUIRE(ask(session, GIT_CREDENTIAL_USERPASS_PLAINTEXT, credential) == 0);
  user_pass = reinterpret_cast<git_credential_userpass_plaintext*>(credential.get());
  CHECK(std::string(user_pass->password) == "env-token-5");
  CHECK(scrub_secrets(session, "pa%2Fss and pa/ss") == "*** and ***");
}

TEST_CASE("acquire_credential sends nothing outside the scope the user gave") {
  ensure_libgit2_initialised();
  NoCredentialEnvironment clean;
  ScopedEnv token(k_env_git_token, "tok-scoped-1");
  const std::string url = "https://git.example.com/org/repo.git";
  CredentialPtr credential;

  SUBCASE("a URL read from the cluster, its host not named: nothing at all") {
    AuthSession session = start_auth_session(url, CredentialScope{});
    CHECK(ask(session, GIT_CREDENTIAL_USERPASS_PLAINTEXT, credential) == GIT_EAUTH);
    CHECK_FALSE(credential);
    CHECK(session.failure.find("--auth-host git.example.com") != std::string::npos);
    CHECK(ask(session, GIT_CREDENTIAL_SSH_KEY, credential, "git") == GIT_EAUTH);
    CHECK_FALSE(credential);
  }
  SUBCASE("libgit2 asking for another host than the scope's") {
    AuthSession session = start_auth_session(url, CredentialScope{"other.example.com", false});
    git_credential* raw = nullptr;
    CHECK(acquire_credential(&raw, url.c_str(), nullptr, GIT_CREDENTIAL_USERPASS_PLAINTEXT,
                             &session) == GIT_EAUTH);
    CHECK(raw == nullptr);
    CHECK(session.failure.find("only sent to other.example.com") != std::string::npos);
  }
  SUBCASE("the same host on another port is another host") {
    AuthSession session =
        start_auth_session("https://git.example.com:8443/repo", scope_for_named_repo(url, false));
    CHECK(ask(session, GIT_CREDENTIAL_USERPASS_PLAINTEXT, credential) == GIT_EAUTH);
    CHECK_FALSE(credential);
  }
}

TEST_CASE("acquire_credential sends nothing over plain http without --insecure-http") {
  ensure_libgit2_initialised();
  NoCredentialEnvironment clean;
  ScopedEnv token(k_env_git_token, "tok-plain-2");
  const std::string url = "http://bot:url-pw-3@127.0.0.1:8080/repo.git";
  CredentialPtr credential;
  AuthSession refused = start_auth_session(url, scope_for_named_repo(url, false));
  CHECK(ask(refused, GIT_CREDENTIAL_USERPASS_PLAINTEXT, credential) == GIT_EAUTH);
  CHECK_FALSE(credential);
  CHECK(refused.failure.find("--insecure-http") != std::string::npos);
  CHECK(refused.failure.find("http://127.0.0.1:8080/repo.git") == 0);
  CHECK(refused.failure.find("url-pw-3") == std::string::npos);

  AuthSession allowed = start_auth_session(url, scope_for_named_repo(url, true));
  CHECK(ask(allowed, GIT_CREDENTIAL_USERPASS_PLAINTEXT, credential) == 0);
  CHECK(credential);
}
