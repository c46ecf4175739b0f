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

TEST_CASE("suspend and resume: one flag, --app, required") {
  for (const auto& spec : {suspend_command(), resume_command()}) {
    CAPTURE(spec.name);
    CLI::App command{spec.name, "kubectl gitops " + spec.name};
    GlobalFlags globals;
    CHECK(static_cast<bool>(spec.setup(command, globals)));
    std::set<std::string> names;
    for (const auto* option : command.get_options()) {
      names.insert(option->get_name());
    }
    CHECK(names == std::set<std::string>{"--help", "--app"});
    CHECK(command.get_option("--app")->get_required());
  }
  CHECK(suspend_command().name == "suspend");
  CHECK(resume_command().name == "resume");
}

TEST_CASE("suspend and resume: bad flags exit 3 with the flag named, before any cluster access") {
  for (const std::string name : {"suspend", "resume"}) {
    struct Case {
      std::vector<std::string> args;
      std::string message;
    };
    const std::vector<Case> cases = {
        {{name}, "kubectl-gitops: error: --app is required\n"},
        {{name, "--app", "Shop"}, "kubectl-gitops: error: --app: invalid app name 'Shop'"},
        {{name, "--app", ""}, "kubectl-gitops: error: --app: invalid app name ''"},
        {{name, "--app", "shop", "--repo", "r"},
         "kubectl-gitops: error: The following arguments were not expected: r --repo"},
    };
    for (const auto& c : cases) {
      const auto run = run_cli_offline(c.args);
      CAPTURE(run.err);
      CHECK(run.code == to_int(ExitCode::usage));
      CHECK(run.err.starts_with(c.message));
      CHECK(run.out.empty());
    }
  }
}

TEST_CASE("suspend and resume: -h prints each one's usage") {
  for (const std::string name : {"suspend", "resume"}) {
    const auto run = run_cli_offline({name, "-h"});
    CHECK(run.code == 0);
    CHECK(run.out.find("\nUsage: kubectl gitops " + name + " [flags]\n") != std::string::npos);
    CHECK(run.out.find("--app string") != std::string::npos);
  }
}
