#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cli/status_command.hpp"
#include "cli_runner.hpp"
#include "core/exit_codes.hpp"

using namespace kgitops;
using kgitops::testing::parse_flags;
using kgitops::testing::run_cli_offline;

namespace {

StatusFlags parse_status(const std::vector<std::string>& args) {
  CLI::App command{"status", "kubectl gitops status"};
  StatusFlags flags;
  add_status_flags(command, flags);
  parse_flags(command, args);
  return flags;
}

}  // namespace

TEST_CASE("status: every app as a table by default") {
  const auto flags = parse_status({});
  CHECK(flags.app.empty());
  CHECK(flags.output == "table");
  CHECK(check_status_flags(flags).has_value());
}

TEST_CASE("status: --app and -o/--output land in their fields") {
  auto flags = parse_status({"--app", "shop", "-o", "json"});
  CHECK(flags.app == "shop");
  CHECK(flags.output == "json");
  CHECK(check_status_flags(flags).has_value());
  CHECK(parse_status({"--output", "yaml"}).output == "yaml");
  CHECK(parse_status({"--output=table"}).output == "table");
}

TEST_CASE("status: an --app no app could be named is refused, naming --app") {
  StatusFlags flags;
  flags.app = "Shop";
  const auto checked = check_status_flags(flags);
  REQUIRE_FALSE(checked.has_value());
  CHECK(checked.error().message.starts_with("--app: invalid app name 'Shop'"));
}

TEST_CASE("status: bad flags exit 3 with the flag named, before any cluster access") {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"status", "-o", "xml"}, "kubectl-gitops: error: --output: xml not in {table,json,yaml}"},
      {{"status", "--app", "shop_web"},
       "kubectl-gitops: error: --app: invalid app name 'shop_web'"},
      {{"status", "--repo", "r"},
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

TEST_CASE("status: -h prints the usage and the output formats") {
  const auto run = run_cli_offline({"status", "-h"});
  CHECK(run.code == 0);
  CHECK(run.out.find("\nUsage: kubectl gitops status [flags]\n") != std::string::npos);
  CHECK(run.out.find("table, json or yaml") != std::string::npos);
}
