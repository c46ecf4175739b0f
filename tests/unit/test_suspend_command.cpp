#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/global_flags.hpp"
#include "cli_runner.hpp"

using namespace kgitops;
using namespace kgitops::testing;

TEST_CASE("suspend and resume: one flag, --app, required") {
  for (const auto& spec : {suspend_command(), resume_command()}) {
    CAPTURE(spec.name);
    CLI::App command{spec.name, "kubectl gitops " + spec.name};
    GlobalFlags globals;
    CHECK(static_cast<bool>(spec.setup(command, globals)));
    CHECK(option_names(command) == std::set<std::string>{"--help", "--app"});
    CHECK(command.get_option("--app")->get_required());
  }
  CHECK(suspend_command().name == "suspend");
  CHECK(resume_command().name == "resume");
}

TEST_CASE("suspend and resume: bad flags exit 3 with the flag named, before any cluster access") {
  for (const std::string name : {"suspend", "resume"}) {
    check_usage_errors({
        {{name}, "kubectl-gitops: error: --app is required\n"},
        {{name, "--app", "Shop"}, "kubectl-gitops: error: --app: invalid app name 'Shop'"},
        {{name, "--app", ""}, "kubectl-gitops: error: --app: invalid app name ''"},
        {{name, "--app", "shop", "--repo", "r"},
         "kubectl-gitops: error: The following arguments were not expected: r --repo"},
    });
  }
}

TEST_CASE("suspend and resume: -h prints each one's usage") {
  for (const std::string name : {"suspend", "resume"}) {
    const auto run = check_help({name, "-h"}, "kubectl gitops " + name + " [flags]");
    CHECK(run.out.find("--app string") != std::string::npos);
  }
}
