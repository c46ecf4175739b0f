#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/global_flags.hpp"
#include "cli/sync_command.hpp"
#include "cli_runner.hpp"
#include "core/exit_codes.hpp"

using namespace kgitops;
using namespace kgitops::testing;

namespace {

SyncFlags parse_sync(const std::vector<std::string>& args) {
  return parse_command<SyncFlags>("sync", add_sync_flags, args);
}

SyncOptions options_of(const std::vector<std::string>& args, const GlobalFlags& globals = {}) {
  return value_of(to_sync_options(parse_sync(args), globals));
}

std::string error_of(const std::vector<std::string>& args) {
  return error_message(to_sync_options(parse_sync(args), GlobalFlags{}));
}

}  // namespace

TEST_CASE("sync: with only --repo, every option has its default") {
  const auto options = options_of({"--repo", "https://example.com/team/shop.git"});
  CHECK(options.app.source.repo == "https://example.com/team/shop.git");
  CHECK(options.app.source.revision.empty());
  CHECK(options.app.path.empty());
  CHECK(options.app.name.starts_with("shop-"));
  CHECK(options.app.default_namespace.empty());
  CHECK(options.app.ignore_managers.empty());
  CHECK_FALSE(options.prune);
  CHECK_FALSE(options.dry_run);
  CHECK_FALSE(options.allow_empty);
  CHECK_FALSE(options.confirm_prune);
  CHECK_FALSE(options.wait);
  CHECK(options.health.timeout == std::chrono::minutes(5));
  CHECK(options.kubectl == "kubectl");
  CHECK(options.progress == nullptr);
}

TEST_CASE("sync: every flag reaches its field of SyncOptions") {
  GlobalFlags globals;
  globals.ns = "shop-prod";
  globals.context = "prod";
  const auto options = options_of(
      {"--repo", "./deploy", "--revision", "v1.2.0", "--path", "overlays/prod", "--app", "shop",
       "--ignore-manager", "kube-controller-manager", "--ignore-manager", "keda", "--prune",
       "--dry-run", "--allow-empty", "--confirm-prune", "--wait", "--timeout", "1m30s"},
      globals);
  // A local path is recorded absolute, so the app is found from any folder.
  CHECK(options.app.source.repo == (std::filesystem::current_path() / "deploy").string());
  CHECK(options.app.source.revision == "v1.2.0");
  CHECK(options.app.path == "overlays/prod");
  CHECK(options.app.name == "shop");
  CHECK(options.app.default_namespace == "shop-prod");
  CHECK(options.app.ignore_managers == std::vector<std::string>{"kube-controller-manager", "keda"});
  CHECK(options.prune);
  CHECK(options.dry_run);
  CHECK(options.allow_empty);
  CHECK(options.confirm_prune);
  CHECK(options.wait);
  CHECK(options.health.timeout == std::chrono::seconds(90));
}

TEST_CASE("sync: each boolean flag sets only its own field") {
  const auto prune = options_of({"--repo", "r", "--prune"});
  CHECK(prune.prune);
  CHECK_FALSE(prune.dry_run);
  const auto dry_run = options_of({"--repo", "r", "--dry-run"});
  CHECK(dry_run.dry_run);
  CHECK_FALSE(dry_run.prune);
  const auto allow_empty = options_of({"--repo", "r", "--prune", "--allow-empty"});
  CHECK(allow_empty.allow_empty);
  CHECK_FALSE(allow_empty.confirm_prune);
  const auto confirm = options_of({"--repo", "r", "--prune", "--confirm-prune"});
  CHECK(confirm.confirm_prune);
  CHECK_FALSE(confirm.allow_empty);
  const auto wait = options_of({"--repo", "r", "--wait"});
  CHECK(wait.wait);
  CHECK_FALSE(wait.prune);
}

TEST_CASE("sync: the app name is derived from --repo and --path unless --app names it") {
  CHECK(options_of({"--repo", "git@example.com:team/shop.git", "--path", "deploy/prod"}).app.name ==
        derive_app_name("git@example.com:team/shop.git", "deploy/prod"));
  CHECK(options_of({"--repo", "git@example.com:team/shop.git", "--app", "web"}).app.name == "web");
}

TEST_CASE("sync: --timeout is read as a duration; sub-second ones are not rounded to nothing") {
  CHECK(options_of({"--repo", "r", "--timeout", "90"}).health.timeout == std::chrono::seconds(90));
  CHECK(options_of({"--repo", "r", "--timeout", "2h"}).health.timeout == std::chrono::hours(2));
  CHECK(options_of({"--repo", "r", "--timeout", "500ms"}).health.timeout ==
        std::chrono::seconds(1));
  CHECK(options_of({"--repo", "r", "--timeout", "1500ms"}).health.timeout ==
        std::chrono::seconds(2));
  CHECK(options_of({"--repo", "r", "--timeout", "0"}).health.timeout == std::chrono::seconds(0));
}

TEST_CASE("sync: a bad --timeout or --app is refused with the flag named") {
  CHECK(error_of({"--repo", "r", "--timeout", "soon"}).starts_with("invalid --timeout 'soon'"));
  CHECK(error_of({"--repo", "r", "--timeout", "-5s"}).starts_with("invalid --timeout '-5s'"));
  CHECK(
      error_of({"--repo", "r", "--app", "Shop_1"}).starts_with("--app: invalid app name 'Shop_1'"));
}

TEST_CASE("sync: the prune guards' overrides are refused without --prune") {
  CHECK(error_of({"--repo", "r", "--allow-empty"}) ==
        "--allow-empty only applies to a prune: add --prune");
  CHECK(error_of({"--repo", "r", "--confirm-prune"}) ==
        "--confirm-prune only applies to a prune: add --prune");
}

TEST_CASE("sync: bad flags exit 3 with the flag named, before any cluster or git access") {
  check_usage_errors({
      {{"sync"}, "kubectl-gitops: error: --repo is required\n"},
      {{"sync", "--repo", "r", "--timeout", "soon"},
       "kubectl-gitops: error: invalid --timeout 'soon'"},
      {{"sync", "--repo", "r", "--app", "-shop"},
       "kubectl-gitops: error: --app: invalid app name '-shop'"},
      {{"sync", "--repo", "r", "--force"},
       "kubectl-gitops: error: The following argument was not expected: --force"},
      {{"sync", "--repo", "r", "-o", "wide"},
       "kubectl-gitops: error: --output: wide not in {table,json,yaml}"},
  });
}

TEST_CASE("sync: -o is a table by default, json or yaml on demand") {
  CHECK(parse_sync({"--repo", "r"}).output == "table");
  CHECK(parse_sync({"--repo", "r", "-o", "json"}).output == "json");
  CHECK(parse_sync({"--repo", "r", "--output", "yaml"}).output == "yaml");
}

TEST_CASE("sync: --timeout without its value exits 3") {
  CapturedErrors err;
  CHECK(run_cli_with({"sync", "--repo", "r", "--timeout"}) == to_int(ExitCode::usage));
  CHECK(err.text.str().starts_with("kubectl-gitops: error: --timeout: 1 required"));
}

TEST_CASE("sync: -h prints the usage even beside a flag that would be refused") {
  const auto run = check_help({"sync", "--timeout", "soon", "-h"}, "kubectl gitops sync [flags]");
  CHECK(run.out.find("--timeout string") != std::string::npos);
  CHECK(run.out.find("(default 5m)") != std::string::npos);
  CHECK(run.err.empty());
}
