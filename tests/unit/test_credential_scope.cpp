#include <doctest/doctest.h>

#include <string>

#include "git/credential_scope.hpp"

using namespace kgitops;

TEST_CASE("credential_host is the lower-case host, with the port a URL names") {
  CHECK(credential_host("https://GitHub.com/org/repo.git") == "github.com");
  CHECK(credential_host("https://bot:pw@git.example.com:8443/repo") == "git.example.com:8443");
  CHECK(credential_host("https://bot:pa/ss@git.example.com/repo") == "git.example.com");
  CHECK(credential_host("ssh://git@[::1]:2222/repo") == "[::1]:2222");
  CHECK(credential_host("git@github.com:org/repo.git") == "github.com");
  CHECK(credential_host("/srv/git/repo").empty());
  CHECK(credential_host("file:///srv/git/repo").empty());
}

TEST_CASE("a repository the user named may get credentials for its own host") {
  const auto scope = scope_for_named_repo("https://git.example.com/org/repo.git", false);
  CHECK(scope.host == "git.example.com");
  CHECK_FALSE(scope.insecure_http);
  CHECK(scope_covers(scope, "https://git.example.com/other.git"));
  CHECK_FALSE(scope_covers(scope, "https://evil.example.com/org/repo.git"));
  CHECK_FALSE(scope_covers(scope, "https://git.example.com:444/org/repo.git"));
  CHECK(scope_for_named_repo("http://127.0.0.1:8080/r", true).insecure_http);
  CHECK_FALSE(scope_covers(CredentialScope{}, "https://git.example.com/org/repo.git"));
}

TEST_CASE("a repository URL read from the cluster gets credentials only for a named host") {
  const std::string recorded = "https://git.example.com:8443/org/repo.git";
  CHECK(scope_for_recorded_repo(recorded, {}).host.empty());
  CHECK(scope_for_recorded_repo(recorded, TrustedHosts{{"other.example.com"}, false}).host.empty());
  CHECK(scope_for_recorded_repo(recorded, TrustedHosts{{"git.example.com:9999"}, false})
            .host.empty());
  // A host alone trusts every port of it; host:port that port alone.
  CHECK(scope_for_recorded_repo(recorded, TrustedHosts{{"Git.Example.com"}, false}).host ==
        "git.example.com:8443");
  const auto exact =
      scope_for_recorded_repo(recorded, TrustedHosts{{"git.example.com:8443"}, true});
  CHECK(exact.host == "git.example.com:8443");
  CHECK(exact.insecure_http);
  CHECK(scope_for_recorded_repo("/srv/git/repo", TrustedHosts{{"localhost"}, false}).host.empty());
}

TEST_CASE("check_trusted_host refuses what is no host name") {
  CHECK(check_trusted_host("git.example.com").has_value());
  CHECK(check_trusted_host("127.0.0.1:8080").has_value());
  CHECK(check_trusted_host("[::1]:2222").has_value());
  for (const auto* bad : {"", "https://git.example.com", "git.example.com/org", "bot@host"}) {
    CAPTURE(bad);
    auto checked = check_trusted_host(bad);
    REQUIRE_FALSE(checked.has_value());
    CHECK(checked.error().message.find("host:port") != std::string::npos);
  }
}
