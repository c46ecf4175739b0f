#include <doctest/doctest.h>

#include <filesystem>

#include "git_test_support.hpp"
#include "githooks/local_repository.hpp"

using namespace kgitops;
using kgitops::test::TestRepo;

namespace fs = std::filesystem;

TEST_CASE("the work tree is found from any folder in it, with its hooks folder") {
  TestRepo repo;
  repo.write("deploy/prod/a.yaml", "a: b\n");
  auto found = find_local_repository(repo.work() / "deploy" / "prod");
  REQUIRE(found.has_value());
  CHECK(found->top_level == fs::canonical(repo.work()));
  CHECK(found->hooks_dir == fs::canonical(repo.work()) / ".git" / "hooks");
}

TEST_CASE("core.hooksPath is honoured, a relative one from the top level") {
  TestRepo repo;
  repo.write("deploy/a.yaml", "a: b\n");
  repo.run({"config", "core.hooksPath", "tools/hooks"});
  auto found = find_local_repository(repo.work() / "deploy");
  REQUIRE(found.has_value());
  CHECK(found->hooks_dir == fs::canonical(repo.work()) / "tools" / "hooks");

  const auto elsewhere = repo.root() / "shared-hooks";
  repo.run({"config", "core.hooksPath", elsewhere.string()});
  found = find_local_repository(repo.work());
  REQUIRE(found.has_value());
  CHECK(found->hooks_dir == elsewhere);
}

TEST_CASE("outside a work tree it fails and says so") {
  TempDir outside("kgitops-not-a-repo-");
  auto found = find_local_repository(outside.path());
  REQUIRE_FALSE(found.has_value());
  CHECK(found.error().message.find("not inside a git work tree") != std::string::npos);

  found = find_local_repository(outside.path() / "missing");
  REQUIRE_FALSE(found.has_value());
  CHECK(found.error().message.find("not a folder") != std::string::npos);
}

TEST_CASE("the repository's own configuration is read and written") {
  TestRepo repo;
  auto found = find_local_repository(repo.work());
  REQUIRE(found.has_value());
  auto value = read_git_config(*found, "gitops.syncArgs");
  REQUIRE(value.has_value());
  CHECK_FALSE(value->has_value());
  REQUIRE(write_git_config(*found, "gitops.syncArgs", "--prune --context 'my prod'").has_value());
  value = read_git_config(*found, "gitops.syncArgs");
  REQUIRE(value.has_value());
  CHECK(*value == std::optional<std::string>{"--prune --context 'my prod'"});
  CHECK(repo.run({"config", "--local", "--get", "gitops.syncArgs"}) ==
        "--prune --context 'my prod'");
}

TEST_CASE("the staged files become a commit that no ref points to") {
  TestRepo repo;
  repo.write("a.yaml", "one\n");
  const auto head = repo.commit("first");
  repo.write("a.yaml", "staged\n");
  repo.run({"add", "a.yaml"});
  repo.write("a.yaml", "not staged\n");
  auto found = find_local_repository(repo.work());
  REQUIRE(found.has_value());
  auto commit = commit_staged_files(*found);
  REQUIRE(commit.has_value());
  CHECK(commit->size() == 40);
  CHECK(repo.run({"show", *commit + ":a.yaml"}) == "staged");
  CHECK(repo.run({"rev-parse", *commit + "^"}) == head);
  CHECK(repo.run({"rev-parse", "HEAD"}) == head);
  CHECK(repo.run({"status", "--porcelain"}) == "MM a.yaml");
}

TEST_CASE("in a repository without commits the staged files make a root commit") {
  TestRepo repo;
  repo.write("a.yaml", "first\n");
  repo.run({"add", "a.yaml"});
  auto found = find_local_repository(repo.work());
  REQUIRE(found.has_value());
  auto commit = commit_staged_files(*found);
  REQUIRE(commit.has_value());
  CHECK(repo.run({"show", *commit + ":a.yaml"}) == "first");
  CHECK(repo.run({"rev-list", "--count", *commit}) == "1");
}
