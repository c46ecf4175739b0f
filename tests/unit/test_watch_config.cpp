#include <doctest/doctest.h>

#include <filesystem>

#include "watch/watch_config.hpp"

using namespace kgitops;
using std::chrono::milliseconds;

TEST_CASE("intervals") {
  CHECK(parse_interval("15s").value() == milliseconds(15'000));
  CHECK(parse_interval("1500ms").value() == milliseconds(1'500));
  CHECK(parse_interval("2m").value() == milliseconds(120'000));
  CHECK(parse_interval("1h").value() == milliseconds(3'600'000));
  CHECK(parse_interval("30").value() == milliseconds(30'000));
  CHECK_FALSE(parse_interval("500ms"));  // below 1s
  CHECK_FALSE(parse_interval("fast"));
  CHECK_FALSE(parse_interval("5d"));
  CHECK_FALSE(parse_interval(""));
}

TEST_CASE("an apps.yaml lists several apps, each with its own settings") {
  const auto apps = parse_watch_config(R"(
- name: web
  repo: https://example.com/shop.git
  revision: main
  path: deploy/web
  namespace: shop
  prune: true
  interval: 30s
- repo: /srv/git/api
  path: deploy
)",
                                       "apps.yaml");
  REQUIRE(apps);
  REQUIRE(apps->size() == 2);
  CHECK((*apps)[0].app.name == "web");
  CHECK((*apps)[0].app.source.repo == "https://example.com/shop.git");
  CHECK((*apps)[0].app.source.revision == "main");
  CHECK((*apps)[0].app.path == "deploy/web");
  CHECK((*apps)[0].app.default_namespace == "shop");
  CHECK((*apps)[0].prune);
  CHECK((*apps)[0].interval == milliseconds(30'000));
  CHECK((*apps)[1].app.name.starts_with("api-deploy-"));
  CHECK_FALSE((*apps)[1].prune);
  CHECK((*apps)[1].interval == defaults::k_watch_interval);
}

TEST_CASE("an app can leave fields to other managers, as --ignore-manager does") {
  const auto apps = parse_watch_config(R"(
- repo: /srv/git/web
  ignoreManagers: [kube-controller-manager, hpa]
)",
                                       "apps.yaml");
  REQUIRE(apps);
  CHECK(apps->front().app.ignore_managers ==
        std::vector<std::string>{"kube-controller-manager", "hpa"});
  CHECK_FALSE(parse_watch_config("- {repo: /srv/git/web, ignoreManagers: hpa}\n", "apps.yaml"));
}

TEST_CASE("each app's own host may get credentials; over http only with insecureHttp") {
  const auto apps = parse_watch_config(R"(
- repo: https://git.example.com/shop.git
- repo: http://127.0.0.1:8080/api.git
  insecureHttp: true
)",
                                       "apps.yaml");
  REQUIRE(apps);
  CHECK((*apps)[0].app.source.credentials.host == "git.example.com");
  CHECK_FALSE((*apps)[0].app.source.credentials.insecure_http);
  CHECK((*apps)[1].app.source.credentials.host == "127.0.0.1:8080");
  CHECK((*apps)[1].app.source.credentials.insecure_http);
  auto bad = parse_watch_config("- {repo: a, insecureHttp: yes-please}\n", "apps.yaml");
  REQUIRE_FALSE(bad);
  CHECK(to_string(bad.error()) == "apps.yaml: app 1: 'insecureHttp' must be true or false");
}

TEST_CASE("an app sets the hosts kustomize may fetch from and its render budgets") {
  const auto apps = parse_watch_config(R"(
- repo: /srv/git/web
  kustomizeAllowHosts: [github.com, "127.0.0.1:8080"]
  maxRenderBytes: 64Mi
  maxRenderFiles: 500
- repo: /srv/git/api
)",
                                       "apps.yaml");
  REQUIRE(apps);
  CHECK(apps->front().app.kustomize_allow_hosts ==
        std::vector<std::string>{"github.com", "127.0.0.1:8080"});
  CHECK(apps->front().app.source.scope.max_bytes == 64u * 1024 * 1024);
  CHECK(apps->front().app.source.scope.max_files == 500u);
  CHECK(apps->back().app.kustomize_allow_hosts.empty());
  CHECK(apps->back().app.source.scope.max_bytes == k_default_max_export_bytes);
  CHECK(apps->back().app.source.scope.max_files == k_default_max_export_files);
  const auto error = [](const std::string& text) {
    auto parsed = parse_watch_config(text, "apps.yaml");
    REQUIRE_FALSE(parsed);
    return to_string(parsed.error());
  };
  CHECK(error("- {repo: a, kustomizeAllowHosts: github.com}\n") ==
        "apps.yaml: app 1: 'kustomizeAllowHosts' must be a list of host names");
  CHECK(error("- {repo: a, maxRenderBytes: lots}\n") ==
        "apps.yaml: app 1: maxRenderBytes: 'lots' is not a size in bytes (e.g. 268435456, 512Ki, "
        "256Mi, 1Gi)");
  CHECK(error("- {repo: a, maxRenderFiles: 0}\n") ==
        "apps.yaml: app 1: 'maxRenderFiles' must be a whole number of at least 1");
}

TEST_CASE("an app sets the values its Helm charts are rendered with") {
  const auto apps = parse_watch_config(R"(
- repo: /srv/git/web
  helmValues: [envs/prod/values.yaml, envs/prod/extra.yaml]
  helmSet: {image.tag: "1.2.3", replicas: 3, debug: false}
- repo: /srv/git/api
)",
                                       "apps.yaml");
  REQUIRE(apps);
  CHECK(apps->front().app.helm.files ==
        std::vector<std::string>{"envs/prod/values.yaml", "envs/prod/extra.yaml"});
  CHECK(apps->front().app.helm.set ==
        std::vector<std::string>{"debug=false", "image.tag=1.2.3", "replicas=3"});
  CHECK(apps->back().app.helm.files.empty());
  CHECK(apps->back().app.helm.set.empty());
  const auto error = [](const std::string& text) {
    auto parsed = parse_watch_config(text, "apps.yaml");
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().message.find("hunter2") == std::string::npos);
    return parsed.error().message;
  };
  CHECK(error("- {repo: a, helmValues: values.yaml}\n") ==
        "apps.yaml: app 1: 'helmValues' must be a list of values files");
  CHECK(error("- {repo: a, helmSet: [a=hunter2]}\n") ==
        "apps.yaml: app 1: 'helmSet' must map keys to values");
  CHECK(error("- {repo: a, helmSet: {db: {password: hunter2}}}\n") ==
        "apps.yaml: app 1: helmSet 'db' must be a string, number or true/false");
  CHECK(error("- {repo: a, helmSet: {'db..password': hunter2}}\n") ==
        "apps.yaml: app 1: --set 'db..password': a part of the key is empty");
}

TEST_CASE("apps.yaml errors name the file and the app") {
  auto missing_repo = parse_watch_config("- name: web\n", "apps.yaml");
  REQUIRE_FALSE(missing_repo);
  CHECK(to_string(missing_repo.error()) == "apps.yaml: app 1: 'repo' is required");
  auto twice = parse_watch_config("- {name: web, repo: a}\n- {name: web, repo: b}\n", "apps.yaml");
  REQUIRE_FALSE(twice);
  CHECK(to_string(twice.error()).find("listed twice") != std::string::npos);
  auto unknown = parse_watch_config("- {repo: a, prnue: true}\n", "apps.yaml");
  REQUIRE_FALSE(unknown);
  CHECK(to_string(unknown.error()).find("unknown field 'prnue'") != std::string::npos);
  auto bad_prune = parse_watch_config("- {repo: a, prune: maybe}\n", "apps.yaml");
  CHECK_FALSE(bad_prune);
  auto bad_interval = parse_watch_config("- {repo: a, interval: soon}\n", "apps.yaml");
  REQUIRE_FALSE(bad_interval);
  CHECK(to_string(bad_interval.error()).find("apps.yaml: app 1") == 0);
  CHECK_FALSE(parse_watch_config("[]\n", "apps.yaml"));
  CHECK_FALSE(parse_watch_config("- {name: Not_A_Label, repo: a}\n", "apps.yaml"));
  auto nested = parse_watch_config("apps:\n- {repo: a}\n", "apps.yaml");
  CHECK(nested);
}

TEST_CASE("an app can adopt existing objects; a relative repo is made absolute") {
  const auto apps = parse_watch_config(R"(
- name: web
  repo: ./shop
  adopt: true
- name: api
  repo: /srv/git/api
)",
                                       "apps.yaml");
  REQUIRE(apps);
  CHECK((*apps)[0].ownership.adopt);
  CHECK((*apps)[0].app.source.repo == (std::filesystem::current_path() / "shop").string());
  CHECK_FALSE((*apps)[1].ownership.adopt);
  auto wrong = parse_watch_config("- {repo: /srv/git/api, adopt: yes-please}\n", "apps.yaml");
  REQUIRE_FALSE(wrong);
  CHECK(to_string(wrong.error()).find("'adopt' must be true or false") != std::string::npos);
}

TEST_CASE("an app's reach: allowed namespaces and kinds, no cluster-scoped kinds, an identity") {
  const auto apps = parse_watch_config(R"(
- name: team-a
  repo: /srv/git/team-a
  allowNamespaces: [team-a]
  allowKinds: [apps/Deployment, ConfigMap]
  noClusterScoped: true
  as: system:serviceaccount:team-a:deployer
  asGroups: [deployers]
- name: open
  repo: /srv/git/open
)",
                                       "apps.yaml");
  REQUIRE(apps);
  const auto& reach = (*apps)[0].app.reach;
  CHECK(reach.namespaces == std::vector<std::string>{"team-a"});
  CHECK(reach.kinds == std::vector<std::string>{"apps/Deployment", "ConfigMap"});
  CHECK_FALSE(reach.cluster_scoped);
  CHECK(reach.identity.user == "system:serviceaccount:team-a:deployer");
  CHECK(reach.identity.groups == std::vector<std::string>{"deployers"});
  const auto& open = (*apps)[1].app.reach;
  CHECK(open.namespaces.empty());
  CHECK(open.kinds.empty());
  CHECK(open.cluster_scoped);
  CHECK(open.identity == Impersonation{});
}

TEST_CASE("an app's reach: malformed entries are errors naming the file and the app") {
  for (const auto& [entry, message] : std::vector<std::pair<std::string, std::string>>{
           {"allowNamespaces: team-a", "'allowNamespaces' must be a list of namespace names"},
           {"allowNamespaces: [Team_A]", "'Team_A' is not a namespace name"},
           {"allowKinds: [apps/v1/Deployment]", "Kind or group/Kind"},
           {"noClusterScoped: sure", "'noClusterScoped' must be true or false"},
           {"as: [jane]", "'as' must be a string"},
           {"asGroups: [devs]", "impersonated groups need a user"},
           {"as: system:serviceaccount:deployer", "system:serviceaccount:<namespace>:<name>"}}) {
    CAPTURE(entry);
    const auto parsed = parse_watch_config("- repo: /srv/git/a\n  " + entry + "\n", "apps.yaml");
    REQUIRE_FALSE(parsed);
    CHECK(to_string(parsed.error()).find("apps.yaml: app 1: ") == 0);
    CHECK(to_string(parsed.error()).find(message) != std::string::npos);
  }
}

TEST_CASE("each app keeps its entry as read, so a reload sees which apps changed") {
  const auto before = parse_watch_config(
      "- {name: web, repo: /srv/web, prune: true}\n"
      "- {name: api, repo: /srv/api}\n",
      "apps.yaml");
  const auto after = parse_watch_config(
      "- name: api\n  repo: /srv/api\n"
      "- {name: web, repo: /srv/web, prune: false}\n",
      "apps.yaml");
  REQUIRE(before);
  REQUIRE(after);
  CHECK((*before)[1].definition == (*after)[0].definition);  // api: the same, written otherwise
  CHECK((*before)[0].definition != (*after)[1].definition);  // web: prune changed
}
