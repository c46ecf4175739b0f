#include <doctest/doctest.h>

#include <filesystem>

#include "git_test_support.hpp"
#include "githooks/hook_installer.hpp"

using namespace kgitops;
using kgitops::test::read_file;
using kgitops::test::TestRepo;
using kgitops::test::write_file;

namespace fs = std::filesystem;

namespace {

LocalRepository locate(const TestRepo& repo) {
  auto found = find_local_repository(repo.work());
  REQUIRE(found.has_value());
  return *found;
}

bool is_executable(const fs::path& path) {
  return (fs::status(path).permissions() & fs::perms::owner_exec) != fs::perms::none;
}

const std::string k_user_hook = "#!/bin/sh\necho mine\n";

}  // namespace

TEST_CASE("the embedded shims are the hooks/ scripts, with the marker") {
  for (const auto& name : supported_hooks()) {
    const auto shim = hook_shim(name);
    REQUIRE(shim.has_value());
    CHECK(shim->starts_with("#!/bin/sh\n"));
    CHECK(is_our_hook(*shim));
    CHECK(shim->find(name + ".local") != std::string_view::npos);
  }
  CHECK_FALSE(hook_shim("pre-commit").has_value());
  CHECK_FALSE(is_our_hook(k_user_hook));
}

TEST_CASE("install writes executable shims; installing twice changes nothing") {
  TestRepo repo;
  const auto repository = locate(repo);
  auto changes = install_hooks(repository, {});
  REQUIRE(changes.has_value());
  REQUIRE(changes->size() == 2);
  for (const auto& change : *changes) {
    CHECK(change.action == HookAction::installed);
    CHECK_FALSE(change.chained.has_value());
    CHECK(read_file(change.path) == *hook_shim(change.hook));
    CHECK(is_executable(change.path));
  }
  const auto written_at = fs::last_write_time(repository.hooks_dir / "pre-push");
  changes = install_hooks(repository, {});
  REQUIRE(changes.has_value());
  for (const auto& change : *changes) {
    CHECK(change.action == HookAction::unchanged);
  }
  CHECK(fs::last_write_time(repository.hooks_dir / "pre-push") == written_at);
  CHECK_FALSE(fs::exists(repository.hooks_dir / "pre-push.local"));
}

TEST_CASE("an older shim of ours is updated in place") {
  TestRepo repo;
  const auto repository = locate(repo);
  write_file(repository.hooks_dir / "pre-push",
             "#!/bin/sh\n# kubectl-gitops hook shim: an old version\nexit 0\n");
  HookInstallOptions options;
  options.hooks = {"pre-push"};
  auto changes = install_hooks(repository, options);
  REQUIRE(changes.has_value());
  REQUIRE(changes->size() == 1);
  CHECK(changes->front().action == HookAction::updated);
  CHECK_FALSE(changes->front().chained.has_value());
  CHECK(read_file(repository.hooks_dir / "pre-push") == *hook_shim("pre-push"));
}

TEST_CASE("a user's hook is kept as <hook>.local, chained, and back after uninstall") {
  TestRepo repo;
  const auto repository = locate(repo);
  const auto hook = repository.hooks_dir / "pre-push";
  write_file(hook, k_user_hook);
  fs::permissions(hook, fs::perms::owner_all);
  auto changes = install_hooks(repository, {});
  REQUIRE(changes.has_value());
  const auto& pre_push = changes->front();
  CHECK(pre_push.hook == "pre-push");
  CHECK(pre_push.action == HookAction::installed);
  REQUIRE(pre_push.chained.has_value());
  CHECK(*pre_push.chained == repository.hooks_dir / "pre-push.local");
  CHECK(read_file(*pre_push.chained) == k_user_hook);
  CHECK(is_executable(*pre_push.chained));
  CHECK(describe(pre_push).find("pre-push.local first") != std::string::npos);

  // Again: the user's hook stays where it is and is not wrapped twice.
  changes = install_hooks(repository, {});
  REQUIRE(changes.has_value());
  CHECK(changes->front().action == HookAction::unchanged);
  CHECK(read_file(repository.hooks_dir / "pre-push.local") == k_user_hook);

  changes = uninstall_hooks(repository);
  REQUIRE(changes.has_value());
  REQUIRE(changes->size() == 2);
  CHECK(changes->at(0).action == HookAction::restored);
  CHECK(changes->at(1).action == HookAction::removed);
  CHECK(read_file(hook) == k_user_hook);
  CHECK(is_executable(hook));
  CHECK_FALSE(fs::exists(repository.hooks_dir / "pre-push.local"));
  CHECK_FALSE(fs::exists(repository.hooks_dir / "post-merge"));
}

TEST_CASE("uninstall leaves hooks it did not write alone") {
  TestRepo repo;
  const auto repository = locate(repo);
  write_file(repository.hooks_dir / "post-merge", k_user_hook);
  auto changes = uninstall_hooks(repository);
  REQUIRE(changes.has_value());
  CHECK(changes->at(0).action == HookAction::absent);
  CHECK(changes->at(1).action == HookAction::not_ours);
  CHECK(read_file(repository.hooks_dir / "post-merge") == k_user_hook);
}

TEST_CASE("a user hook with a .local beside it is refused rather than lost") {
  TestRepo repo;
  const auto repository = locate(repo);
  write_file(repository.hooks_dir / "pre-push", k_user_hook);
  write_file(repository.hooks_dir / "pre-push.local", "#!/bin/sh\necho older\n");
  auto changes = install_hooks(repository, {});
  REQUIRE_FALSE(changes.has_value());
  CHECK(changes.error().message.find("both exist") != std::string::npos);
  CHECK(read_file(repository.hooks_dir / "pre-push") == k_user_hook);
}

TEST_CASE("install goes to core.hooksPath, creating it, and stores the sync arguments") {
  TestRepo repo;
  repo.run({"config", "core.hooksPath", ".githooks"});
  const auto repository = locate(repo);
  HookInstallOptions options;
  options.hooks = {"post-merge"};
  options.sync_args = "--prune --context prod";
  auto changes = install_hooks(repository, options);
  REQUIRE(changes.has_value());
  REQUIRE(changes->size() == 1);
  CHECK(changes->front().path == fs::canonical(repo.work()) / ".githooks" / "post-merge");
  CHECK(is_executable(repo.work() / ".githooks" / "post-merge"));
  CHECK_FALSE(fs::exists(repo.work() / ".git" / "hooks" / "post-merge"));
  CHECK(repo.run({"config", "--get", "gitops.syncArgs"}) == "--prune --context prod");
}

TEST_CASE("an unknown hook name is refused before anything is written") {
  TestRepo repo;
  const auto repository = locate(repo);
  HookInstallOptions options;
  options.hooks = {"pre-push", "pre-rebase"};
  auto changes = install_hooks(repository, options);
  REQUIRE_FALSE(changes.has_value());
  CHECK(changes.error().message.find("pre-rebase") != std::string::npos);
  CHECK_FALSE(fs::exists(repository.hooks_dir / "pre-push"));
}
