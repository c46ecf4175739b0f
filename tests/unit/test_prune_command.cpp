#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cli/global_flags.hpp"
#include "cli/prune_command.hpp"
#include "cli_runner.hpp"

using namespace kgitops;
using namespace kgitops::testing;

namespace {

PruneFlags parse_prune(const std::vector<std::string>& args) {
  return parse_command<PruneFlags>("prune", add_prune_flags, args);
}

}  // namespace

TEST_CASE("prune: --dry-run and the source flags make the app to preview") {
  GlobalFlags globals;
  globals.ns = "shop";
  const auto flags =
      parse_prune({"--dry-run", "--repo", "https://example.com/shop.git", "--revision", "main",
                   "--path", "deploy", "--app", "storefront", "--ignore-manager", "hpa"});
  CHECK(flags.dry_run);
  const auto app = value_of(to_prune_app(flags, globals));
  CHECK(app.name == "storefront");
  CHECK(app.source.repo == "https://example.com/shop.git");
  CHECK(app.source.revision == "main");
  CHECK(app.path == "deploy");
  CHECK(app.default_namespace == "shop");
  CHECK(app.ignore_managers == std::vector<std::string>{"hpa"});
  CHECK(flags.output == "table");
  CHECK(parse_prune({"--dry-run", "--repo", "r", "-o", "json"}).output == "json");
}

TEST_CASE("prune: --dry-run is off by default, and prune refuses to run without it") {
  const auto flags = parse_prune({"--repo", "https://example.com/shop.git"});
  CHECK_FALSE(flags.dry_run);
  CHECK(error_message(to_prune_app(flags, GlobalFlags{})) ==
        "prune deletes nothing by itself: review with 'kubectl gitops prune --dry-run', then run "
        "'kubectl gitops sync --prune'");
}

TEST_CASE("prune: without --dry-run the --app is not even looked at") {
  auto flags = parse_prune({"--repo", "r", "--app", "Bad_Name"});
  CHECK(to_prune_app(flags, GlobalFlags{}).error().message.starts_with("prune deletes nothing"));
  flags.dry_run = true;
  CHECK(to_prune_app(flags, GlobalFlags{}).error().message.starts_with("--app: invalid app name"));
}

TEST_CASE("prune: bad flags exit 3 with the flag named, before any cluster or git access") {
  check_usage_errors({
      {{"prune", "--dry-run"}, "kubectl-gitops: error: --repo is required\n"},
      {{"prune", "--repo", "r"}, "kubectl-gitops: error: prune deletes nothing by itself"},
      {{"prune", "--dry-run", "--repo", "r", "--app", "shop."},
       "kubectl-gitops: error: --app: invalid app name 'shop.'"},
      {{"prune", "--dry-run", "--repo", "r", "--confirm-prune"},
       "kubectl-gitops: error: The following argument was not expected: --confirm-prune"},
  });
}

TEST_CASE("prune: -h prints the usage and says --dry-run is required") {
  const auto run = check_help({"prune", "-h"}, "kubectl gitops prune [flags]");
  CHECK(run.out.find("--dry-run ") != std::string::npos);
  CHECK(run.out.find("(required)") != std::string::npos);
}
