#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "cli/global_flags.hpp"
#include "cli/source_flags.hpp"
#include "cli_runner.hpp"
#include "git_test_support.hpp"

using namespace kgitops;
using kgitops::test::ScopedEnv;
using namespace kgitops::testing;

namespace {

SourceFlags parse_source(const std::vector<std::string>& args) {
  return parse_command<SourceFlags>("diff", add_source_flags, args);
}

AppSpec app_of(const SourceFlags& flags, const GlobalFlags& globals = {}) {
  return value_of(to_app_spec(flags, globals));
}

}  // namespace

TEST_CASE("source flags: each flag lands in its field; --ignore-manager repeats") {
  const auto flags =
      parse_source({"--repo", "https://example.com/shop.git", "--revision", "release", "--path",
                    "deploy/prod", "--app", "shop", "--ignore-manager", "kube-controller-manager",
                    "--ignore-manager", "keda-operator"});
  CHECK(flags.repo == "https://example.com/shop.git");
  CHECK(flags.revision == "release");
  CHECK(flags.path == "deploy/prod");
  CHECK(flags.app == "shop");
  CHECK(flags.ignore_managers ==
        std::vector<std::string>{"kube-controller-manager", "keda-operator"});
}

TEST_CASE("source flags: only --repo is required; the rest default to empty") {
  const auto flags = parse_source({"--repo", "./deploy"});
  CHECK(flags.repo == "./deploy");
  CHECK(flags.revision.empty());
  CHECK(flags.path.empty());
  CHECK(flags.app.empty());
  CHECK(flags.ignore_managers.empty());
  CHECK_THROWS_WITH_AS(parse_source({"--path", "deploy"}), "--repo is required",
                       CLI::RequiredError);
}

TEST_CASE("source flags: none of them takes a credential; they are exactly these sixteen") {
  CLI::App command{"diff", "kubectl gitops diff"};
  SourceFlags flags;
  add_source_flags(command, flags);
  // Tokens and passwords come from the environment or git's credential helper.
  CHECK(option_names(command) ==
        std::set<std::string>{"--help", "--repo", "--revision", "--path", "--app",
                              "--ignore-manager", "--insecure-http", "--kustomize-allow-host",
                              "--max-render-bytes", "--max-render-files", "--allow-namespace",
                              "--allow-kind", "--no-cluster-scoped", "--as", "--as-group",
                              "--values", "--set"});
}

TEST_CASE("source flags: --values and --set repeat and become the app's helm values") {
  const auto app = app_of(
      parse_source({"--repo", "./deploy", "--values", "envs/prod.yaml", "--values",
                    "envs/extra.yaml", "--set", "image.tag=1.2", "--set", "db.password=a,b"}));
  CHECK(app.helm.files == std::vector<std::string>{"envs/prod.yaml", "envs/extra.yaml"});
  CHECK(app.helm.set == std::vector<std::string>{"image.tag=1.2", "db.password=a,b"});
  CHECK(app_of(parse_source({"--repo", "./deploy"})).helm.set.empty());
  // A malformed --set names its key, never its value.
  CHECK(error_message(to_app_spec(parse_source({"--repo", ".", "--set", "a..b=hunter2"}),
                                  GlobalFlags{})) == "--set 'a..b': a part of the key is empty");
  CHECK(error_message(to_app_spec(parse_source({"--repo", ".", "--set", "hunter2"}),
                                  GlobalFlags{})) == "--set takes key=value");
}

TEST_CASE("to_app_spec: the reach flags become the app's reach; a bad one is an error") {
  auto flags = parse_source({"--repo", "./deploy", "--allow-namespace", "team-a", "--allow-kind",
                             "ConfigMap", "--no-cluster-scoped", "--as", "jane"});
  const auto app = app_of(flags);
  CHECK(app.reach.namespaces == std::vector<std::string>{"team-a"});
  CHECK(app.reach.kinds == std::vector<std::string>{"ConfigMap"});
  CHECK_FALSE(app.reach.cluster_scoped);
  CHECK(app.reach.identity.user == "jane");
  flags.reach.allow_kinds = {"no/such/kind"};
  CHECK(error_message(to_app_spec(flags, GlobalFlags{})).find("Kind or group/Kind") !=
        std::string::npos);
}

TEST_CASE("to_app_spec: credentials may go to the host of --repo, over http with --insecure-http") {
  auto https = parse_source({"--repo", "https://bot:pw@Git.Example.com:8443/shop.git"});
  CHECK_FALSE(https.insecure_http);
  auto app = app_of(https);
  CHECK(app.source.credentials.host == "git.example.com:8443");
  CHECK_FALSE(app.source.credentials.insecure_http);
  auto http = parse_source({"--repo", "http://127.0.0.1:8080/shop.git", "--insecure-http"});
  CHECK(http.insecure_http);
  CHECK(app_of(http).source.credentials.host == "127.0.0.1:8080");
  CHECK(app_of(http).source.credentials.insecure_http);
  CHECK(app_of(parse_source({"--repo", "./deploy"})).source.credentials.host.empty());
}

TEST_CASE("source flags: kustomize's hosts and the render budgets become the app's") {
  const auto defaults = app_of(parse_source({"--repo", "./deploy"}));
  CHECK(defaults.kustomize_allow_hosts.empty());
  CHECK(defaults.source.scope.max_bytes == k_default_max_export_bytes);
  CHECK(defaults.source.scope.max_files == k_default_max_export_files);

  const auto app = app_of(parse_source({"--repo", "./deploy", "--kustomize-allow-host",
                                        "github.com", "--kustomize-allow-host", "127.0.0.1:8080",
                                        "--max-render-bytes", "1Gi", "--max-render-files", "50"}));
  CHECK(app.kustomize_allow_hosts == std::vector<std::string>{"github.com", "127.0.0.1:8080"});
  CHECK(app.source.scope.max_bytes == 1024u * 1024 * 1024);
  CHECK(app.source.scope.max_files == 50u);

  CHECK(error_message(to_app_spec(parse_source({"--repo", ".", "--max-render-bytes", "big"}),
                                  GlobalFlags{})) ==
        "--max-render-bytes: 'big' is not a size in bytes (e.g. 268435456, 512Ki, 256Mi, 1Gi)");
  CHECK_THROWS_AS(parse_source({"--repo", ".", "--max-render-files", "0"}), CLI::ValidationError);
}

TEST_CASE("to_app_spec: the flags and kubectl's -n make the app") {
  GlobalFlags globals;
  globals.ns = "shop";
  globals.context = "prod";
  SourceFlags flags;
  flags.repo = "git@example.com:team/shop.git";
  flags.revision = "v2";
  flags.path = "deploy/prod";
  flags.ignore_managers = {"kube-controller-manager"};
  const auto app = app_of(flags, globals);
  CHECK(app.source.repo == "git@example.com:team/shop.git");
  CHECK(app.source.revision == "v2");
  CHECK(app.path == "deploy/prod");
  CHECK(app.default_namespace == "shop");
  CHECK(app.ignore_managers == std::vector<std::string>{"kube-controller-manager"});
  CHECK(app.name.starts_with("shop-deploy-prod-"));
  CHECK(app.name == derive_app_name(flags.repo, flags.path));
  flags.app = "storefront";
  CHECK(app_of(flags, globals).name == "storefront");
}

TEST_CASE("to_app_spec: a derived name is always valid, whatever the repository is called") {
  SourceFlags flags;
  flags.repo = "/srv/git/My_Shop.Repo.git/";
  flags.path = "./Deploy Prod";
  CHECK(app_of(flags).name.starts_with("my-shop-repo-deploy-prod-"));
}

TEST_CASE("to_app_spec: the password of a URL does not end up in the derived name") {
  SourceFlags flags;
  flags.repo = "https://deploy:hunter2@example.com/team/shop.git";
  const auto app = app_of(flags);
  CHECK(app.name.starts_with("shop-"));
  CHECK(app.name.find("hunter2") == std::string::npos);
}

TEST_CASE("to_app_spec: a relative --repo becomes absolute, so it is found from anywhere") {
  SourceFlags flags;
  flags.repo = "./shop";
  const auto app = app_of(flags);
  CHECK(app.source.repo == (std::filesystem::current_path() / "shop").string());
  // The name is the same wherever it is run from: it comes from the absolute path.
  CHECK(app.name == derive_app_name(app.source.repo, ""));
}

TEST_CASE("to_app_spec: an invalid --app is refused, naming --app") {
  for (const auto& name :
       std::vector<std::string>{"Shop", "shop_1", "-shop", "shop-", std::string(51, 'a')}) {
    CAPTURE(name);
    SourceFlags flags;
    flags.repo = "https://example.com/shop.git";
    flags.app = name;
    CHECK(error_message(to_app_spec(flags, GlobalFlags{}))
              .starts_with("--app: invalid app name '" + name + "': "));
  }
}

TEST_CASE("cache_dir: KUBECTL_GITOPS_CACHE, else XDG_CACHE_HOME, else ~/.cache") {
  ScopedEnv home("HOME", "/home/ada");
  {
    ScopedEnv explicit_dir("KUBECTL_GITOPS_CACHE", "/var/cache/gitops");
    ScopedEnv xdg("XDG_CACHE_HOME", "/xdg");
    CHECK(cache_dir() == std::filesystem::path("/var/cache/gitops"));
  }
  {
    ScopedEnv explicit_dir("KUBECTL_GITOPS_CACHE", "");
    ScopedEnv xdg("XDG_CACHE_HOME", "/xdg");
    CHECK(cache_dir() == std::filesystem::path("/xdg/kubectl-gitops"));
  }
  {
    ScopedEnv explicit_dir("KUBECTL_GITOPS_CACHE", std::nullopt);
    ScopedEnv xdg("XDG_CACHE_HOME", "");
    CHECK(cache_dir() == std::filesystem::path("/home/ada/.cache/kubectl-gitops"));
  }
}

TEST_CASE("is_terminal: a pipe or a closed descriptor is no terminal") {
  int fds[2] = {-1, -1};
  REQUIRE(::pipe(fds) == 0);
  CHECK_FALSE(is_terminal(fds[0]));
  CHECK_FALSE(is_terminal(fds[1]));
  ::close(fds[0]);
  ::close(fds[1]);
  CHECK_FALSE(is_terminal(fds[0]));
  CHECK_FALSE(is_terminal(-1));
}
