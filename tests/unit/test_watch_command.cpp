#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/global_flags.hpp"
#include "cli/watch_command.hpp"
#include "cli_runner.hpp"
#include "git_test_support.hpp"

using namespace kgitops;
using kgitops::test::write_file;
using namespace kgitops::testing;

namespace {

WatchFlags parse_watch(const std::vector<std::string>& args) {
  return parse_command<WatchFlags>("watch", add_watch_flags, args);
}

WatchOptions options_of(const std::vector<std::string>& args, const GlobalFlags& globals = {}) {
  return value_of(to_watch_options(parse_watch(args), globals));
}

std::string error_of(const std::vector<std::string>& args) {
  return error_message(to_watch_options(parse_watch(args), GlobalFlags{}));
}

}  // namespace

TEST_CASE("watch: with only --repo, one app and every default") {
  const auto options = options_of({"--repo", "https://example.com/shop.git"});
  REQUIRE(options.apps.size() == 1);
  const auto& watched = options.apps.front();
  CHECK(watched.app.name.starts_with("shop-"));
  CHECK(watched.app.source.repo == "https://example.com/shop.git");
  CHECK_FALSE(watched.prune);
  CHECK(watched.interval == std::chrono::seconds(15));
  CHECK(options.listen == "127.0.0.1:9090");
  CHECK(options.log_format == LogFormat::text);
  CHECK(options.fight_limit == 5);
  CHECK_FALSE(options.webhook_secret.has_value());
  CHECK(options.cluster.kubectl == "kubectl");
  CHECK(options.cache_dir == cache_dir());
}

TEST_CASE("watch: every flag reaches its field of WatchOptions") {
  TempDir dir("kgitops-watch-command");
  write_file(dir.path() / "secret", "s3cret\r\n");
  GlobalFlags globals;
  globals.kubeconfig = "/etc/kube/config";
  globals.context = "prod";
  globals.ns = "shop";
  const auto options = options_of({"--repo",
                                   "./deploy",
                                   "--revision",
                                   "main",
                                   "--path",
                                   "web",
                                   "--app",
                                   "storefront",
                                   "--ignore-manager",
                                   "kube-controller-manager",
                                   "--prune",
                                   "--interval",
                                   "1m30s",
                                   "--listen",
                                   "0.0.0.0:0",
                                   "--webhook-secret-file",
                                   (dir.path() / "secret").string(),
                                   "--log-format",
                                   "json",
                                   "--fight-limit",
                                   "3",
                                   "--max-concurrent-syncs",
                                   "2",
                                   "--max-concurrent-heals",
                                   "6"},
                                  globals);
  REQUIRE(options.apps.size() == 1);
  const auto& watched = options.apps.front();
  CHECK(watched.app.name == "storefront");
  CHECK(watched.app.source.repo == (std::filesystem::current_path() / "deploy").string());
  CHECK(watched.app.source.revision == "main");
  CHECK(watched.app.path == "web");
  CHECK(watched.app.default_namespace == "shop");
  CHECK(watched.app.ignore_managers == std::vector<std::string>{"kube-controller-manager"});
  CHECK(watched.prune);
  CHECK(watched.interval == std::chrono::seconds(90));
  CHECK(options.listen == "0.0.0.0:0");
  CHECK(options.webhook_secret == std::optional<std::string>("s3cret"));
  CHECK(options.log_format == LogFormat::json);
  CHECK(options.fight_limit == 3);
  CHECK(options.max_concurrent_syncs == 2);
  CHECK(options.max_concurrent_heals == 6);
  CHECK(options.cluster.kubeconfig == "/etc/kube/config");
  CHECK(options.cluster.context == "prod");
}

TEST_CASE("watch: the global timeouts reach the cluster options and the git fetches") {
  GlobalFlags globals;
  globals.request_timeout = "4s";
  globals.git_timeout = "45s";
  const auto options = options_of({"--repo", "https://example.com/shop.git"}, globals);
  CHECK(options.cluster.request_timeout == std::chrono::seconds(4));
  CHECK(options.git_timeout == std::chrono::seconds(45));
  CHECK(options_of({"--repo", "https://example.com/shop.git"}).git_timeout ==
        std::chrono::minutes(2));
}

TEST_CASE("watch: --config lists the apps; the per-app flags are refused beside it") {
  TempDir dir("kgitops-watch-command");
  const auto config = (dir.path() / "apps.yaml").string();
  write_file(config,
             "- name: web\n  repo: https://example.com/shop.git\n  path: web\n  prune: true\n"
             "  interval: 30s\n"
             "- repo: https://example.com/api.git\n");
  const auto options = options_of({"--config", config, "--listen", "127.0.0.1:0"});
  REQUIRE(options.apps.size() == 2);
  CHECK(options.apps[0].app.name == "web");
  CHECK(options.apps[0].prune);
  CHECK(options.apps[0].interval == std::chrono::seconds(30));
  CHECK(options.apps[1].app.name.starts_with("api-"));
  CHECK_FALSE(options.apps[1].prune);
  CHECK(options.listen == "127.0.0.1:0");
  // The file sets these for each app; a flag beside it used to be dropped silently.
  for (const auto& [flag, value] :
       std::vector<std::pair<std::string, std::string>>{{"--revision", "main"},
                                                        {"--path", "web"},
                                                        {"--app", "web"},
                                                        {"--ignore-manager", "hpa"},
                                                        {"--kustomize-allow-host", "github.com"},
                                                        {"--max-render-bytes", "1Gi"},
                                                        {"--max-render-files", "9"},
                                                        {"--allow-namespace", "team-a"},
                                                        {"--allow-kind", "ConfigMap"},
                                                        {"--as", "jane"},
                                                        {"--as-group", "devs"},
                                                        {"--values", "values.yaml"},
                                                        {"--set", "a=b"},
                                                        {"--interval", "1m"}}) {
    CAPTURE(flag);
    CHECK(error_of({"--config", config, flag, value}) ==
          flag + " goes with --repo; with --config, set it for each app in " + config);
  }
  CHECK(error_of({"--config", config, "--prune"}) ==
        "--prune goes with --repo; with --config, set it for each app in " + config);
  CHECK(error_of({"--config", config, "--insecure-http"}) ==
        "--insecure-http goes with --repo; with --config, set it for each app in " + config);
  CHECK(error_of({"--config", config, "--no-cluster-scoped"}) ==
        "--no-cluster-scoped goes with --repo; with --config, set it for each app in " + config);
  GlobalFlags in_namespace;
  in_namespace.ns = "prod";
  CHECK(error_message(to_watch_options(parse_watch({"--config", config}), in_namespace)) ==
        "--namespace goes with --repo; with --config, set it for each app in " + config);
}

TEST_CASE("watch: --shard N/M keeps the apps of shard N; the M shards hold every app once") {
  TempDir dir("kgitops-watch-command");
  const auto config = (dir.path() / "apps.yaml").string();
  // By the first 8 bytes of SHA-256 of the name, modulo 3: shop 1, api 1, web 0.
  write_file(config,
             "- {name: shop, repo: https://example.com/shop.git}\n"
             "- {name: api, repo: https://example.com/api.git}\n"
             "- {name: web, repo: https://example.com/web.git}\n");
  const auto names = [&](const std::string& shard) {
    std::vector<std::string> kept;
    for (const auto& watched : options_of({"--config", config, "--shard", shard}).apps) {
      kept.push_back(watched.app.name);
    }
    return kept;
  };
  CHECK(names("0/3") == std::vector<std::string>{"web"});
  CHECK(names("1/3") == std::vector<std::string>{"shop", "api"});
  CHECK(names("2/3").empty());
  CHECK(names("0/1").size() == 3);
  // A shard's kind watches select its own apps; an agent of them all, by the label key.
  CHECK(options_of({"--config", config, "--shard", "1/3"}).watch_own_apps_only);
  CHECK_FALSE(options_of({"--config", config}).watch_own_apps_only);
  CHECK(error_of({"--config", config, "--shard", "3/3"}) ==
        "--shard: invalid shard '3/3': expected N/M, N from 0 to M-1, e.g. 0/3");
}

TEST_CASE("watch: --leader-elect takes the Lease named, client-go's timings by default") {
  CHECK_FALSE(options_of({"--repo", "r"}).leader_election.has_value());
  const auto defaults = options_of({"--repo", "r", "--leader-elect"}).leader_election;
  REQUIRE(defaults.has_value());
  CHECK(defaults->ns == "kubectl-gitops");
  CHECK(defaults->name == "kubectl-gitops-watch");
  CHECK(defaults->lease_duration == std::chrono::seconds(15));
  CHECK(defaults->renew_deadline == std::chrono::seconds(10));
  CHECK(defaults->retry_period == std::chrono::seconds(2));
  const auto named = options_of({"--repo", "r", "--leader-elect", "--leader-elect-namespace",
                                 "agents", "--leader-elect-name", "shard-1"})
                         .leader_election;
  REQUIRE(named.has_value());
  CHECK(named->ns == "agents");
  CHECK(named->name == "shard-1");
  CHECK(error_of({"--repo", "r", "--leader-elect-name", "x"}) ==
        "--leader-elect-name goes with --leader-elect");
  CHECK(error_of({"--repo", "r", "--leader-elect-namespace", "x"}) ==
        "--leader-elect-namespace goes with --leader-elect");
}

TEST_CASE("watch: bad flags and files are refused, naming the flag") {
  TempDir dir("kgitops-watch-command");
  const auto empty_secret = (dir.path() / "empty").string();
  write_file(empty_secret, "\n");
  CHECK(error_of({}) == "--repo or --config is required");
  CHECK(error_of({"--repo", "r", "--config", "apps.yaml"}) ==
        "give either --config or --repo, not both");
  CHECK(error_of({"--repo", "r", "--interval", "0"}) ==
        "--interval: interval '0' is too short: at least 1s");
  CHECK(error_of({"--repo", "r", "--interval", "often"})
            .starts_with("--interval: invalid interval 'often'"));
  CHECK(error_of({"--repo", "r", "--app", "Web"}).starts_with("--app: invalid app name 'Web'"));
  CHECK(error_of({"--config", (dir.path() / "missing.yaml").string()}) ==
        "cannot read --config file " + (dir.path() / "missing.yaml").string());
  CHECK(error_of({"--repo", "r", "--webhook-secret-file", (dir.path() / "missing").string()}) ==
        "cannot read --webhook-secret-file " + (dir.path() / "missing").string());
  CHECK(error_of({"--repo", "r", "--webhook-secret-file", empty_secret}) ==
        "the webhook secret file " + empty_secret + " is empty");
}

TEST_CASE("watch: bad flags exit 3 with the flag named, before any cluster or git access") {
  check_usage_errors({
      {{"watch"}, "kubectl-gitops: error: --repo or --config is required\n"},
      {{"watch", "--repo", "r", "--fight-limit", "0"},
       "kubectl-gitops: error: --fight-limit: expected a whole number of at least 1, not '0'\n"},
      {{"watch", "--repo", "r", "--fight-limit", "many"},
       "kubectl-gitops: error: --fight-limit: expected a whole number of at least 1, not 'many'\n"},
      {{"watch", "--repo", "r", "--max-concurrent-heals", "0"},
       "kubectl-gitops: error: --max-concurrent-heals: expected a whole number of at least 1, "
       "not '0'\n"},
      {{"watch", "--repo", "r", "--log-format", "xml"},
       "kubectl-gitops: error: --log-format: xml not in {text,json}"},
      {{"watch", "--repo", "r", "--interval", "0s"}, "kubectl-gitops: error: --interval: "},
      {{"watch", "--repo", "r", "--webhook-secret", "s3cret"},
       "kubectl-gitops: error: The following arguments were not expected: s3cret --webhook-secret"},
  });
}

TEST_CASE("watch: -h prints the usage; the webhook secret is only taken from a file") {
  const auto run = check_help({"watch", "-h"}, "kubectl gitops watch [flags]");
  CHECK(run.out.find("--webhook-secret-file string") != std::string::npos);
  CHECK(run.out.find("--fight-limit int") != std::string::npos);
  CHECK(run.out.find("(default 5)") != std::string::npos);
}
