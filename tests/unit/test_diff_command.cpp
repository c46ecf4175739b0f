#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/global_flags.hpp"
#include "cli_runner.hpp"

using namespace kgitops;
using namespace kgitops::testing;

TEST_CASE("diff: its flags are exactly the source flags and -o, --repo required") {
  CLI::App command{"diff", "kubectl gitops diff"};
  GlobalFlags globals;
  const auto spec = diff_command();
  CHECK(spec.name == "diff");
  const auto handler = spec.setup(command, globals);
  CHECK(static_cast<bool>(handler));
  CHECK(option_names(command) ==
        std::set<std::string>{"--help", "--repo", "--revision", "--path", "--app",
                              "--ignore-manager", "--insecure-http", "--kustomize-allow-host",
                              "--max-render-bytes", "--max-render-files", "--allow-namespace",
                              "--allow-kind", "--no-cluster-scoped", "--as", "--as-group",
                              "--values", "--set", "--output"});
  REQUIRE(command.get_option("--repo") != nullptr);
  CHECK(command.get_option("--repo")->get_required());
  CHECK_FALSE(command.get_option("--app")->get_required());
  // Repeatable: every --ignore-manager counts.
  CHECK(command.get_option("--ignore-manager")->get_expected_max() > 1);
}

TEST_CASE("diff: bad flags exit 3 with the flag named, before any cluster or git access") {
  check_usage_errors({
      {{"diff"}, "kubectl-gitops: error: --repo is required\n"},
      {{"diff", "--repo", "r", "--app", "Shop"},
       "kubectl-gitops: error: --app: invalid app name 'Shop'"},
      {{"diff", "--repo", "r", "--prune"},
       "kubectl-gitops: error: The following argument was not expected: --prune"},
      {{"diff", "--repo", "r", "extra"},
       "kubectl-gitops: error: The following argument was not expected: extra"},
  });
}

TEST_CASE("diff: -h prints the usage, not the error of a missing --repo") {
  const auto run = check_help({"diff", "--app", "Shop", "-h"}, "kubectl gitops diff [flags]");
  CHECK(run.out.find("--repo string") != std::string::npos);
  CHECK(run.err.empty());
}
