#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/global_flags.hpp"
#include "cli/sync_command.hpp"
#include "cli_runner.hpp"
#include "core/exit_codes.hpp"
#include "fake_cli.hpp"

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

namespace {

const std::vector<std::string> k_sync_shop = {
    "sync", "--repo", "https://example.com/shop.git", "--app", "shop", "-n", "prod"};

std::vector<std::string> sync_shop(std::vector<std::string> extra = {}) {
  auto args = k_sync_shop;
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

// An app of 12 ConfigMaps and a Deployment, synced; then git drops the
// ConfigMaps, so that a prune would delete 12 of 13 objects: over the bound.
void sync_then_drop_configmaps(FakeCli& cli) {
  cli.git.with([](FakeGitSource& git) {
    for (int i = 0; i < 12; ++i) {
      git.files["cm" + std::to_string(i) + ".yaml"] = configmap("cm" + std::to_string(i));
    }
    git.files["web.yaml"] = deployment("web", 2);
  });
  REQUIRE(cli.run(sync_shop()) == 0);
  cli.git.with([](FakeGitSource& git) {
    std::erase_if(git.files, [](const auto& file) { return file.first.starts_with("cm"); });
  });
  cli.out.str("");
  cli.err.str("");
}

std::size_t configmaps_in(FakeCli& cli) {
  return cli.cluster.with([](FakeCluster& cluster) {
    return static_cast<std::size_t>(
        std::count_if(cluster.objects.begin(), cluster.objects.end(), [](const auto& object) {
          return object.first.kind == "ConfigMap" && object.first.name.starts_with("cm");
        }));
  });
}

}  // namespace

TEST_CASE("sync: a prune over the bound asks on a terminal, and a yes prunes") {
  FakeCli cli;
  sync_then_drop_configmaps(cli);
  cli.terminals.in = cli.terminals.err = true;
  cli.in.str("y\n");
  CHECK(cli.run(sync_shop({"--prune"})) == to_int(ExitCode::ok));
  CAPTURE(cli.err.str());
  CHECK(cli.err.str().starts_with("About to prune 12 of 13 objects:\n"));
  CHECK(cli.err.str().ends_with("Prune them? [y/N] "));
  CHECK(cli.out.str().find("12 pruned") != std::string::npos);
  CHECK(configmaps_in(cli) == 0);
}

TEST_CASE("sync: a prune over the bound is refused with exit 5 on a no, or with no terminal") {
  for (const bool terminal : {true, false}) {
    CAPTURE(terminal);
    FakeCli cli;
    sync_then_drop_configmaps(cli);
    cli.terminals.in = cli.terminals.err = terminal;
    cli.in.str("n\n");
    CHECK(cli.run(sync_shop({"--prune"})) == to_int(ExitCode::refused));
    const auto err = cli.err.str();
    CAPTURE(err);
    // Without a terminal nobody is asked: a script never blocks on a prompt.
    CHECK((err.find("Prune them? [y/N] ") != std::string::npos) == terminal);
    CHECK(err.find("kubectl-gitops: error: ") != std::string::npos);
    CHECK(err.find("--confirm-prune") != std::string::npos);
    CHECK(configmaps_in(cli) == 12);
  }
}

TEST_CASE("sync: a prune that deletes some objects and fails on others exits 8, saying so") {
  FakeCli cli;
  cli.git.with([](FakeGitSource& git) {
    git.files["web.yaml"] = deployment("web", 2);
    git.files["old.yaml"] = configmap("old");
    git.files["stuck.yaml"] = configmap("stuck");
  });
  REQUIRE(cli.run(sync_shop()) == 0);
  cli.git.with([](FakeGitSource& git) {
    git.files.erase("old.yaml");
    git.files.erase("stuck.yaml");
  });
  cli.cluster.with([](FakeCluster& cluster) { cluster.failing_deletes.insert("stuck"); });
  cli.err.str("");
  CHECK(cli.run(sync_shop({"--prune"})) == to_int(ExitCode::partial_prune));
  const auto err = cli.err.str();
  CAPTURE(err);
  CHECK(err.find("kubectl-gitops: error: ConfigMap prod/stuck: cannot delete") !=
        std::string::npos);
  CHECK(err.find("kubectl-gitops: error: prune incomplete: 1 of 2 object(s) pruned") !=
        std::string::npos);
  CHECK(err.find("nothing was pruned") == std::string::npos);
  CHECK(cli.out.str().find("1 pruned, 1 unchanged, 1 failed") != std::string::npos);
}

TEST_CASE("sync: after a failed apply, nothing was pruned and it says so, exit 2") {
  FakeCli cli;
  cli.git.with([](FakeGitSource& git) {
    git.files["web.yaml"] = deployment("web", 2);
    git.files["old.yaml"] = configmap("old");
  });
  REQUIRE(cli.run(sync_shop()) == 0);
  cli.git.with([](FakeGitSource& git) {
    git.files.erase("old.yaml");
    git.files["web.yaml"] = deployment("web", 3);
  });
  cli.cluster.with([](FakeCluster& cluster) { cluster.failing_names.insert("web"); });
  cli.err.str("");
  CHECK(cli.run(sync_shop({"--prune"})) == to_int(ExitCode::error));
  const auto err = cli.err.str();
  CAPTURE(err);
  CHECK(err.find("kubectl-gitops: error: Deployment.apps prod/web: ") != std::string::npos);
  CHECK(err.ends_with("kubectl-gitops: error: nothing was pruned because an apply failed\n"));
  CHECK(cli.cluster.with([](FakeCluster& cluster) {
    return cluster.objects.contains({"", "ConfigMap", "prod", "old"});
  }));
}
