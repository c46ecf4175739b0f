#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cli/hooks_command.hpp"
#include "cli_runner.hpp"

using namespace kgitops;
using namespace kgitops::testing;

namespace {

HooksFlags parse_hooks(const std::vector<std::string>& args) {
  return parse_command<HooksFlags>("hooks", add_hooks_flags, args);
}

}  // namespace

TEST_CASE("hooks install: by default every supported hook, in the work tree here") {
  const auto flags = parse_hooks({"install"});
  CHECK(flags.action == "install");
  CHECK(flags.repo == ".");
  CHECK(flags.hooks.empty());
  CHECK_FALSE(flags.sync_args.has_value());
  CHECK(check_hooks_flags(flags).has_value());
  const auto options = to_hook_install_options(flags);
  CHECK(options.hooks == std::vector<std::string>{"pre-push", "post-merge"});
  CHECK_FALSE(options.sync_args.has_value());
}

TEST_CASE("hooks install: --repo, --hooks (a comma list) and --sync-args land in their fields") {
  const auto flags = parse_hooks({"install", "--repo", "/src/shop", "--hooks", "post-merge",
                                  "--sync-args=--prune --context prod"});
  CHECK(flags.repo == "/src/shop");
  CHECK(flags.hooks == std::vector<std::string>{"post-merge"});
  REQUIRE(flags.sync_args.has_value());
  CHECK(*flags.sync_args == "--prune --context prod");
  const auto options = to_hook_install_options(flags);
  CHECK(options.hooks == std::vector<std::string>{"post-merge"});
  CHECK(options.sync_args == std::optional<std::string>("--prune --context prod"));
  CHECK(parse_hooks({"install", "--hooks", "pre-push,post-merge"}).hooks ==
        std::vector<std::string>{"pre-push", "post-merge"});
  // An empty --sync-args is given, not absent: post-merge syncs with no more flags.
  CHECK(parse_hooks({"install", "--sync-args", ""}).sync_args == std::optional<std::string>(""));
}

TEST_CASE("hooks uninstall: --hooks and --sync-args are refused, naming them") {
  CHECK(check_hooks_flags(parse_hooks({"uninstall"})).has_value());
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"uninstall", "--hooks", "pre-push"}, {"uninstall", "--sync-args", "--prune"}}) {
    const auto line = command_line(args);
    CAPTURE(line);
    CHECK(error_message(check_hooks_flags(parse_hooks(args))) ==
          "--hooks and --sync-args only go with 'hooks install'");
  }
}

TEST_CASE("hooks: bad flags exit 3 with the flag named, before the repository is looked at") {
  // The repository does not exist: reaching it would be exit 2.
  check_usage_errors({
      {{"hooks", "--repo", "/nonexistent/repo"}, "kubectl-gitops: error: action is required"},
      {{"hooks", "reinstall", "--repo", "/nonexistent/repo"},
       "kubectl-gitops: error: action: reinstall not in {install,uninstall}"},
      {{"hooks", "install", "--repo", "/nonexistent/repo", "--hooks", "pre-commit"},
       "kubectl-gitops: error: --hooks: pre-commit not in {pre-push,post-merge}"},
      {{"hooks", "uninstall", "--repo", "/nonexistent/repo", "--hooks", "pre-push"},
       "kubectl-gitops: error: --hooks and --sync-args only go with 'hooks install'\n"},
      {{"hooks", "uninstall", "--repo", "/nonexistent/repo", "--sync-args=--prune"},
       "kubectl-gitops: error: --hooks and --sync-args only go with 'hooks install'\n"},
  });
}

TEST_CASE("hooks: -h prints the usage with the action") {
  check_help({"hooks", "-h"}, "kubectl gitops hooks install|uninstall [flags]");
}
