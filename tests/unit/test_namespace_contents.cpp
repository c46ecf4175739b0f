#include <doctest/doctest.h>

#include <string>

#include "core/constants.hpp"
#include "engine/namespace_contents.hpp"
#include "fake_cluster.hpp"

using namespace kgitops;
using kgitops::testing::FakeCluster;

namespace {

Json object(const std::string& api_version, const std::string& kind, const std::string& name) {
  return Json{{"apiVersion", api_version},
              {"kind", kind},
              {"metadata", {{"name", name}, {"namespace", "shop"}}}};
}

Json of_app(Json live, const std::string& app) {
  set_label(live, keys::k_app_label, app);
  set_annotation(live, keys::k_tracking_annotation, tracking_id(app, key_of(live)));
  return live;
}

}  // namespace

TEST_CASE("strangers_in_namespace passes over what the cluster makes and what is owned") {
  auto pod = object("v1", "Pod", "web-1");
  pod["metadata"]["ownerReferences"] = Json::array({{{"kind", "ReplicaSet"}, {"name", "web"}}});
  const std::vector<Json> contents = {
      of_app(object("v1", "ConfigMap", "settings"), "shop"),
      of_app(object("v1", "Service", "web"), "shop"),
      object("v1", "Endpoints", "web"),
      object("v1", "ServiceAccount", "default"),
      object("v1", "ConfigMap", "kube-root-ca.crt"),
      object("v1", "Event", "web.1234"),
      pod,
  };
  CHECK(strangers_in_namespace(contents, "shop").empty());
}

TEST_CASE("strangers_in_namespace names everything that is not the app's, with its holder") {
  auto helm = object("v1", "Secret", "db");
  set_annotation(helm, "meta.helm.sh/release-name", "db");
  auto kept = of_app(object("v1", "ConfigMap", "keep"), "shop");
  set_annotation(kept, keys::k_prune_annotation, std::string(keys::k_prune_disabled));
  const std::vector<Json> contents = {
      object("v1", "ConfigMap", "data"),
      helm,
      of_app(object("v1", "ConfigMap", "theirs"), "web"),
      object("v1", "Endpoints", "lonely"),  // no Service of that name: made by someone
      object("v1", "PersistentVolumeClaim", "data-db-0"),
      kept,
  };
  const auto strangers = strangers_in_namespace(contents, "shop");
  CHECK(strangers == std::vector<std::string>{
                         "ConfigMap shop/data (unmanaged)", "Secret shop/db (Helm)",
                         "ConfigMap shop/theirs (app web)", "Endpoints shop/lonely (unmanaged)",
                         "PersistentVolumeClaim shop/data-db-0 (unmanaged)",
                         "ConfigMap shop/keep (opted out of prune)"});
}

TEST_CASE("inspect_namespaces lists every kind in each namespace; a failed list keeps it") {
  FakeCluster cluster;
  cluster.objects[{"", "ConfigMap", "shop", "data"}] = object("v1", "ConfigMap", "data");
  cluster.objects[{"", "ConfigMap", "other", "x"}] = object("v1", "ConfigMap", "x");
  const Scope scope(*cluster.api_resources(), {});
  auto strangers = inspect_namespaces(cluster, scope, {"shop", "empty"}, "shop");
  CHECK(strangers["shop"] == std::vector<std::string>{"ConfigMap shop/data (unmanaged)"});
  CHECK(strangers["empty"].empty());

  cluster.failing_lists = {"secrets"};
  auto unknown = inspect_namespaces(cluster, scope, {"empty"}, "shop");
  REQUIRE(unknown["empty"].size() == 1);
  CHECK(unknown["empty"].front().find("cannot be listed") != std::string::npos);
}
