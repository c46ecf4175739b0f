#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cli/status_command.hpp"
#include "cli_runner.hpp"

using namespace kgitops;
using namespace kgitops::testing;

namespace {

StatusFlags parse_status(const std::vector<std::string>& args) {
  return parse_command<StatusFlags>("status", add_status_flags, args);
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

TEST_CASE("status: recorded repositories get credentials only for --auth-host hosts") {
  CHECK(to_trusted_hosts(parse_status({})).hosts.empty());
  CHECK_FALSE(to_trusted_hosts(parse_status({})).insecure_http);
  const auto trusted = to_trusted_hosts(parse_status(
      {"--auth-host", "git.example.com", "--auth-host", "[::1]:8080", "--insecure-http"}));
  CHECK(trusted.hosts == std::vector<std::string>{"git.example.com", "[::1]:8080"});
  CHECK(trusted.insecure_http);
  CHECK_THROWS_AS(parse_status({"--auth-host", "bot@git.example.com"}), CLI::ValidationError);
}

TEST_CASE("status: an --app no app could be named is refused, naming --app") {
  StatusFlags flags;
  flags.app = "Shop";
  CHECK(error_message(check_status_flags(flags)).starts_with("--app: invalid app name 'Shop'"));
}

TEST_CASE("status: bad flags exit 3 with the flag named, before any cluster access") {
  check_usage_errors({
      {{"status", "-o", "xml"}, "kubectl-gitops: error: --output: xml not in {table,json,yaml}"},
      {{"status", "--app", "shop_web"},
       "kubectl-gitops: error: --app: invalid app name 'shop_web'"},
      {{"status", "--repo", "r"},
       "kubectl-gitops: error: The following arguments were not expected: r --repo"},
  });
}

TEST_CASE("status: -h prints the usage and the output formats") {
  const auto run = check_help({"status", "-h"}, "kubectl gitops status [flags]");
  CHECK(run.out.find("table, json or yaml") != std::string::npos);
}
