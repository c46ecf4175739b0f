#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/global_flags.hpp"
#include "cli_runner.hpp"
#include "core/exit_codes.hpp"

using namespace kgitops;
using kgitops::testing::run_cli_offline;

TEST_CASE("diff: its flags are exactly the source flags, --repo required") {
  CLI::App command{"diff", "kubectl gitops diff"};
  GlobalFlags globals;
  const auto spec = diff_command();
  CHECK(spec.name == "diff");
  const auto handler = spec.setup(command, globals);
  CHECK(static_cast<bool>(handler));
  std::set<std::string> names;
  for (const auto* option : command.get_options()) {
    names.insert(option->get_name());
  }
  CHECK(names == std::set<std::string>{"--help", "--repo", "--revision", "--path", "--app",
                                       "--ignore-manager"});
  REQUIRE(command.get_option("--repo") != nullptr);
  CHECK(command.get_option("--repo")->get_required());
  CHECK_FALSE(command.get_option("--app")->get_required());
  // Repeatable: every --ignore-manager counts.
  CHECK(command.get_option("--ignore-manager")->get_expected_max() > 1);
}

TEST_CASE("diff: bad flags exit 3 with the flag named, before any cluster or git access") {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"diff"}, "kubectl-gitops: error: --repo is required\n"},
      {{"diff", "--repo", "r", "--app", "Shop"},
       "kubectl-gitops: error: --app: invalid app name 'Shop'"},
      {{"diff", "--repo", "r", "--prune"},
       "kubectl-gitops: error: The following argument was not expected: --prune"},
      {{"diff", "--repo", "r", "extra"},
       "kubectl-gitops: error: The following argument was not expected: extra"},
  };
  for (const auto& c : cases) {
    const auto run = run_cli_offline(c.args);
    CAPTURE(run.err);
    CHECK(run.code == to_int(ExitCode::usage));
    CHECK(run.err.starts_with(c.message));
    CHECK(run.out.empty());
  }
}

TEST_CASE("diff: -h prints the usage, not the error of a missing --repo") {
  const auto run = run_cli_offline({"diff", "--app", "Shop", "-h"});
  CHECK(run.code == 0);
  CHECK(run.out.find("\nUsage: kubectl gitops diff [flags]\n") != std::string::npos);
  CHECK(run.out.find("--repo string") != std::string::npos);
  CHECK(run.err.empty());
}
