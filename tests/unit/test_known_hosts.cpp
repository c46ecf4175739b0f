#include <doctest/doctest.h>

#include <string>

#include "git/known_hosts.hpp"
#include "git_test_support.hpp"

using namespace kgitops;
using test::base64;
using test::key_blob;

namespace {

std::string line(const std::string& hosts, const std::string& blob) {
  return hosts + " ssh-ed25519 " + base64(blob) + " comment\n";
}

}  // namespace

TEST_CASE("check_known_hosts finds plain host names and their keys") {
  auto key = key_blob("ssh-ed25519", 'a');
  auto other = key_blob("ssh-ed25519", 'b');
  std::string file = "# a comment\n\n" + line("github.com,140.82.121.4", key);
  CHECK(check_known_hosts(file, "github.com", 0, key) == HostKeyStatus::known);
  CHECK(check_known_hosts(file, "GitHub.com", 22, key) == HostKeyStatus::known);
  CHECK(check_known_hosts(file, "140.82.121.4", 0, key) == HostKeyStatus::known);
  CHECK(check_known_hosts(file, "github.com", 0, other) == HostKeyStatus::changed);
  CHECK(check_known_hosts(file, "gitlab.com", 0, key) == HostKeyStatus::unknown);
  // Listed only with a key of another type: not trusted, but not a changed key either.
  auto rsa = key_blob("ssh-rsa", 'c');
  CHECK(check_known_hosts(file, "github.com", 0, rsa) == HostKeyStatus::unknown);
}

TEST_CASE("check_known_hosts handles ports, wildcards, negation and markers") {
  auto key = key_blob("ssh-ed25519", 'a');
  std::string file = line("[git.example.com]:2222", key) +
                     line("*.corp.example,!bad.corp.example,ci-?.example", key);
  CHECK(check_known_hosts(file, "git.example.com", 2222, key) == HostKeyStatus::known);
  CHECK(check_known_hosts(file, "git.example.com", 0, key) == HostKeyStatus::unknown);
  CHECK(check_known_hosts(file, "build.corp.example", 0, key) == HostKeyStatus::known);
  CHECK(check_known_hosts(file, "bad.corp.example", 0, key) == HostKeyStatus::unknown);
  CHECK(check_known_hosts(file, "corp.example", 0, key) == HostKeyStatus::unknown);
  CHECK(check_known_hosts(file, "ci-1.example", 0, key) == HostKeyStatus::known);
  CHECK(check_known_hosts(file, "ci-12.example", 0, key) == HostKeyStatus::unknown);

  std::string revoked = line("host.example", key) + "@revoked * ssh-ed25519 " + base64(key) + "\n";
  CHECK(check_known_hosts(revoked, "host.example", 0, key) == HostKeyStatus::revoked);
  std::string authority = "@cert-authority * ssh-ed25519 " + base64(key) + "\n";
  CHECK(check_known_hosts(authority, "host.example", 0, key) == HostKeyStatus::unknown);
  CHECK(check_known_hosts("garbage line\nhost.example ssh-ed25519 !!!!\n", "host.example", 0,
                          key) == HostKeyStatus::unknown);
}

TEST_CASE("check_known_hosts matches names hashed by ssh-keygen -H") {
  auto found = run_process({{"sh", "-c", "command -v ssh-keygen"}, "", {}, std::nullopt});
  if (!found || found->exit_code != 0) {
    MESSAGE("ssh-keygen not available: hashed known_hosts not tested");
    return;
  }
  TempDir dir("kgitops-known-hosts-");
  auto key = key_blob("ssh-ed25519", 'a');
  auto path = dir.path() / "known_hosts";
  test::write_file(path, line("git.example.com", key) + line("[other.example]:2222", key));
  auto hashed = run_process({{"ssh-keygen", "-H", "-f", path.string()}, "", {}, std::nullopt});
  REQUIRE(hashed);
  REQUIRE(hashed->exit_code == 0);
  std::string text = test::read_file(path);
  REQUIRE(text.find("git.example.com") == std::string::npos);
  REQUIRE(text.find("|1|") != std::string::npos);
  CHECK(check_known_hosts(text, "git.example.com", 0, key) == HostKeyStatus::known);
  CHECK(check_known_hosts(text, "other.example", 2222, key) == HostKeyStatus::known);
  CHECK(check_known_hosts(text, "other.example", 0, key) == HostKeyStatus::unknown);
  CHECK(check_known_hosts(text, "git.example.org", 0, key) == HostKeyStatus::unknown);
}
