#include <doctest/doctest.h>

#include <string>

#include "core/constants.hpp"
#include "engine/load_app.hpp"
#include "fake_cluster.hpp"
#include "fake_git_source.hpp"
#include "object_named.hpp"
#include "render/parse_cache.hpp"

using namespace kgitops;
using kgitops::testing::configmap;
using kgitops::testing::deployment;
using kgitops::testing::FakeCluster;
using kgitops::testing::FakeGitSource;

namespace {

const char* const k_repo = "https://git.example.com/acme/shop.git";

AppSpec shop(const std::string& path = "shop") {
  AppSpec app;
  app.name = "shop";
  app.source = SourceSpec{k_repo, "main"};
  app.path = path;
  app.default_namespace = "prod";
  return app;
}

const DesiredObject& desired_named(const LoadedApp& loaded, const std::string& name) {
  return kgitops::testing::object_named(loaded.desired, name);
}

// What no load may do: write to the cluster.
void check_untouched(const FakeCluster& cluster) {
  CHECK(cluster.applies == 0);
  CHECK(cluster.deletes == 0);
  CHECK(cluster.objects.empty());
}

}  // namespace

TEST_CASE("load_app renders the app's folder of the commit and prepares each object for it") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["shop/web.yaml"] = deployment("web", 2);
  git.files["shop/config/settings.yaml"] = configmap("settings", "payments");
  git.files["shop/namespace.yaml"] =
      "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n  namespace: ignored\n";
  git.files["blog/post.yaml"] = configmap("post");
  auto loaded = load_app(git, &cluster, shop(), "kubectl");
  REQUIRE(loaded.has_value());
  CHECK(loaded->checkout.commit == git.commit);
  CHECK(loaded->manifests.size() == 3);
  REQUIRE(loaded->desired.size() == 3);
  // Namespaced kinds get the app's default namespace unless they name one;
  // cluster-scoped kinds lose the one they name.
  CHECK(desired_named(*loaded, "web").key == ResourceKey{"apps", "Deployment", "prod", "web"});
  CHECK(desired_named(*loaded, "settings").key ==
        ResourceKey{"", "ConfigMap", "payments", "settings"});
  CHECK(desired_named(*loaded, "prod").key == ResourceKey{"", "Namespace", "", "prod"});
  const auto& web = desired_named(*loaded, "web");
  CHECK(web.resource.resource == "deployments");
  CHECK(web.source.file == "shop/web.yaml");
  CHECK(label_of(web.object, keys::k_app_label) == "shop");
  CHECK(annotation_of(web.object, keys::k_tracking_annotation) == "shop:apps/Deployment:prod/web");
  // The kinds come from the cluster's discovery, and the load only read it.
  CHECK(loaded->scope.served("apps", "Deployment"));
  CHECK_FALSE(loaded->scope.allows_unknown_kinds());
  CHECK(cluster.lists == 0);
  check_untouched(cluster);
}

TEST_CASE("with a cluster, a kind its discovery does not serve is refused, naming the file") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["shop/web.yaml"] = deployment("web", 2);
  git.files["shop/db.yaml"] =
      "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec: {}\n";
  auto loaded = load_app(git, &cluster, shop(), "kubectl");
  REQUIRE_FALSE(loaded.has_value());
  CHECK(to_string(loaded.error()).find("shop/db.yaml") != std::string::npos);
  CHECK(to_string(loaded.error()).find("kind StatefulSet of group apps is not served") !=
        std::string::npos);
  check_untouched(cluster);
}

TEST_CASE("offline, kinds come from the built-in table and the repository's CRDs") {
  FakeGitSource git;
  // StatefulSet is not among the fake cluster's kinds, but is built in.
  git.files["shop/db.yaml"] =
      "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec: {}\n";
  git.files["shop/crd.yaml"] =
      "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
      "metadata:\n  name: widgets.example.com\n"
      "spec:\n  group: example.com\n  scope: Cluster\n"
      "  names: {kind: Widget, plural: widgets}\n"
      "  versions: [{name: v1, served: true, storage: true}]\n";
  git.files["shop/widget.yaml"] =
      "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: big\n  namespace: lab\n";
  auto loaded = load_app(git, nullptr, shop(), "kubectl");
  REQUIRE(loaded.has_value());
  REQUIRE(loaded->desired.size() == 3);
  CHECK(desired_named(*loaded, "db").key == ResourceKey{"apps", "StatefulSet", "prod", "db"});
  // The repository's CRD says Widget is cluster-scoped: its namespace goes.
  CHECK(desired_named(*loaded, "big").key == ResourceKey{"example.com", "Widget", "", "big"});
  CHECK(desired_named(*loaded, "big").resource.resource == "widgets");
  // Offline nothing is served: there is nothing to list.
  CHECK_FALSE(loaded->scope.served("apps", "StatefulSet"));
}

TEST_CASE("offline, an object of a kind nobody knows is kept with the namespace it names") {
  FakeGitSource git;
  git.files["shop/gadget.yaml"] =
      "apiVersion: example.com/v1\nkind: Gadget\nmetadata:\n  name: small\n  namespace: lab\n";
  git.files["shop/gizmo.yaml"] =
      "apiVersion: example.com/v1\nkind: Gizmo\nmetadata:\n  name: tiny\n";
  auto loaded = load_app(git, nullptr, shop(), "kubectl");
  REQUIRE(loaded.has_value());
  CHECK(loaded->scope.allows_unknown_kinds());
  const auto& gadget = desired_named(*loaded, "small");
  CHECK(gadget.key == ResourceKey{"example.com", "Gadget", "lab", "small"});
  CHECK(gadget.resource.resource.empty());  // no plural: only the cluster knows it
  // Whether Gizmo is namespaced is the cluster's to say: no default namespace.
  CHECK(desired_named(*loaded, "tiny").key == ResourceKey{"example.com", "Gizmo", "", "tiny"});
}

TEST_CASE("a checkout that fails is the error, and the cluster is left as it was") {
  FakeCluster cluster;
  cluster.discovery_fails = true;
  FakeGitSource git;
  git.files["shop/web.yaml"] = deployment("web", 2);
  git.unreachable_repos.insert(k_repo);
  auto loaded = load_app(git, &cluster, shop(), "kubectl");
  REQUIRE_FALSE(loaded.has_value());
  CHECK(to_string(loaded.error()) ==
        "cannot fetch https://git.example.com/acme/shop.git: repository not found");
  check_untouched(cluster);
}

TEST_CASE("a failed discovery of the cluster's kinds is the error") {
  FakeCluster cluster;
  cluster.discovery_fails = true;
  FakeGitSource git;
  git.files["shop/web.yaml"] = deployment("web", 2);
  auto loaded = load_app(git, &cluster, shop(), "kubectl");
  REQUIRE_FALSE(loaded.has_value());
  CHECK(to_string(loaded.error()).starts_with("cannot discover the cluster's API"));
  // Offline, the same app loads: discovery was the only thing missing.
  CHECK(load_app(git, nullptr, shop(), "kubectl").has_value());
}

TEST_CASE("a manifest that does not parse fails the load, naming its file") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["shop/web.yaml"] = deployment("web", 2);
  git.files["shop/bad.yaml"] = "kind: [unclosed\n";
  auto loaded = load_app(git, &cluster, shop(), "kubectl");
  REQUIRE_FALSE(loaded.has_value());
  CHECK(to_string(loaded.error()).starts_with("shop/bad.yaml:"));
  CHECK(loaded.error().where.file == "shop/bad.yaml");  // a location, not only text
  CHECK(loaded.error().where.line > 0);
  check_untouched(cluster);
}

TEST_CASE("a path the commit lacks is an error, not an empty app") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["shop/web.yaml"] = deployment("web", 2);
  auto loaded = load_app(git, &cluster, shop("shpo"), "kubectl");
  REQUIRE_FALSE(loaded.has_value());
  CHECK(to_string(loaded.error()) == "path 'shpo' does not exist in the repository");
}

TEST_CASE("two manifests that name one object once namespaces are defaulted are refused") {
  FakeCluster cluster;
  FakeGitSource git;
  git.files["shop/a.yaml"] = configmap("settings");
  git.files["shop/b.yaml"] = configmap("settings", "prod");
  auto loaded = load_app(git, &cluster, shop(), "kubectl");
  REQUIRE_FALSE(loaded.has_value());
  CHECK(to_string(loaded.error()).find("ConfigMap prod/settings is declared twice") !=
        std::string::npos);
  CHECK(loaded.error().kind == ErrorKind::conflict);
  CHECK(loaded.error().where.object == "ConfigMap prod/settings");
  CHECK(to_string(loaded.error()).find("shop/a.yaml") != std::string::npos);
  CHECK(to_string(loaded.error()).find("shop/b.yaml") != std::string::npos);
  check_untouched(cluster);
}

TEST_CASE("a plain folder read from the tree is loaded without a checkout on disk") {
  FakeCluster cluster;
  FakeGitSource git;
  git.reads_from_tree = true;
  git.files["shop/web.yaml"] = deployment("web", 2);
  git.files["shop/config/settings.yaml"] = configmap("settings");
  git.files["blog/post.yaml"] = configmap("post");
  auto loaded = load_app(git, &cluster, shop(), "kubectl");
  REQUIRE(loaded);
  CHECK(loaded->checkout.read_from_tree());
  CHECK(loaded->checkout.tree_files.empty());  // parsed, then let go
  REQUIRE(loaded->desired.size() == 2);
  CHECK(loaded->manifests.at(0).source.file == "shop/config/settings.yaml");
  CHECK(desired_named(*loaded, "web").key.ns == "prod");
  check_untouched(cluster);
}

TEST_CASE("loaded again through a parse cache, only the files that changed are parsed") {
  FakeCluster cluster;
  FakeGitSource git;
  git.reads_from_tree = true;
  git.files["shop/web.yaml"] = deployment("web", 2);
  git.files["shop/settings.yaml"] = configmap("settings");
  ParseCache cache;
  REQUIRE(load_app(git, &cluster, shop(), "kubectl", &cache));
  CHECK(cache.size() == 2);
  git.files["shop/web.yaml"] = deployment("web", 3);
  auto loaded = load_app(git, &cluster, shop(), "kubectl", &cache);
  REQUIRE(loaded);
  CHECK(desired_named(*loaded, "web").object["spec"]["replicas"] == 3);
  CHECK(cache.size() == 2);  // the old web.yaml is swept
  git.files["shop/web.yaml"] = "kind: [unclosed\n";
  REQUIRE_FALSE(load_app(git, &cluster, shop(), "kubectl", &cache));
  CHECK(cache.size() == 2);  // a failed render sweeps nothing
}
