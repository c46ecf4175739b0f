#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "core/temp_dir.hpp"
#include "git_test_support.hpp"
#include "process/offline_git_environment.hpp"
#include "process/process.hpp"

using namespace kgitops;
namespace fs = std::filesystem;

TEST_CASE("offline_git_environment: HOME is the given folder and no configuration is read") {
  TempDir home("kgitops-offline-home-");
  const auto environment = offline_git_environment(home.path());
  CHECK(environment.at("HOME") == home.path().string());
  CHECK(environment.at("GIT_CONFIG_NOSYSTEM") == "1");
  CHECK(environment.at("GIT_CONFIG_GLOBAL") == "/dev/null");
  CHECK(environment.at("GIT_TERMINAL_PROMPT") == "0");
}

TEST_CASE("offline_git_environment: git fetches nothing, not even from a file:// URL") {
  test::TestRepo repo;
  repo.write("a.txt", "a\n");
  repo.commit("first");
  const std::string url = "file://" + repo.work().string();
  // A repository's own configuration cannot allow a transport back.
  const std::vector<std::string> argv = {"git", "-c", "protocol.allow=always", "ls-remote", url};
  auto open = run_process(ProcessRequest{argv, {}, {}, std::nullopt});
  REQUIRE(open.has_value());
  REQUIRE(open->exit_code == 0);

  TempDir home("kgitops-offline-home-");
  auto offline =
      run_process(ProcessRequest{argv, {}, offline_git_environment(home.path()), std::nullopt});
  REQUIRE(offline.has_value());
  CHECK(offline->exit_code != 0);
  CHECK(offline->err.find("not allowed") != std::string::npos);
  for (const auto* remote : {"https://127.0.0.1:1/repo.git", "ssh://127.0.0.1:1/repo.git"}) {
    CAPTURE(remote);
    auto refused = run_process(ProcessRequest{
        {"git", "ls-remote", remote}, {}, offline_git_environment(home.path()), std::nullopt});
    REQUIRE(refused.has_value());
    CHECK(refused->exit_code != 0);
    CHECK(refused->err.find("not allowed") != std::string::npos);
  }
}
