#include <doctest/doctest.h>

#include <regex>
#include <string>

#include "cli/commands.hpp"
#include "cli_runner.hpp"
#include "core/object.hpp"
#include "core/version.hpp"

using namespace kgitops;
using namespace kgitops::testing;

TEST_CASE("version: prints kubectl-gitops and the version, nothing else") {
  const auto run = run_cli_offline({"version"});
  CHECK(run.code == 0);
  CHECK(run.out == std::string("kubectl-gitops ") + k_version + "\n");
  CHECK(run.err.empty());
}

TEST_CASE("version: the second word is the vX.Y.Z that dist.sh puts in the krew manifest") {
  // scripts/dist.sh takes `kubectl-gitops version | awk '{print $2}'` as the
  // manifest's spec.version and the archive's name, and insists on vX.Y.Z.
  const auto run = run_cli_offline({"version"});
  const std::regex line(R"(kubectl-gitops (v[0-9]+\.[0-9]+\.[0-9]+)\n)");
  std::smatch match;
  REQUIRE(std::regex_match(run.out, match, line));
  CHECK(match[1].str() == k_version);
}

TEST_CASE("version: takes no argument but the global flags") {
  check_usage_errors({{{"version", "--short"},
                       "kubectl-gitops: error: The following argument was not expected: --short"}});
  const auto globals = run_cli_offline({"version", "--context", "prod", "-n", "shop"});
  CHECK(globals.code == 0);
  CHECK(globals.out == std::string("kubectl-gitops ") + k_version + "\n");
}

TEST_CASE("version: -h prints the usage, not the version") {
  const auto run = check_help({"version", "-h"}, "kubectl gitops version [flags]");
  CHECK(run.out.find(k_version) == std::string::npos);
  CHECK(version_command().name == "version");
}

TEST_CASE("version: -o json and -o yaml print the versioned Version document") {
  const auto json = run_cli_offline({"version", "-o", "json"});
  CHECK(json.code == 0);
  CHECK(json.err.empty());
  const auto document = Json::parse(json.out);
  CHECK(document["apiVersion"] == "gitops.kubectl.dev/v1");
  CHECK(document["kind"] == "Version");
  CHECK(document["version"] == k_version);
  const auto yaml = run_cli_offline({"version", "-o", "yaml"});
  CHECK(yaml.code == 0);
  CHECK(yaml.out.find(std::string("version: ") + k_version + "\n") != std::string::npos);
  check_usage_errors({{{"version", "-o", "xml"},
                       "kubectl-gitops: error: --output: xml not in {table,json,yaml}"}});
}
