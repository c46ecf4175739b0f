#include <doctest/doctest.h>

#include "engine/field_projection.hpp"

using namespace kgitops;

namespace {

// A Deployment as the server returns it after we applied it: server defaults,
// status, server-written metadata and a field set by another controller.
Json live_deployment() {
  return Json::parse(R"({
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {
      "name": "web", "namespace": "prod", "uid": "u-1", "resourceVersion": "42",
      "generation": 3, "creationTimestamp": "2024-01-01T00:00:00Z",
      "labels": {"app": "web", "added-by-hand": "x"},
      "annotations": {"deployment.kubernetes.io/revision": "3"},
      "managedFields": [
        {"manager": "kubectl-gitops", "operation": "Apply", "apiVersion": "apps/v1",
         "fieldsType": "FieldsV1", "fieldsV1": {
           "f:metadata": {"f:labels": {"f:app": {}}},
           "f:spec": {"f:replicas": {}, "f:minReadySeconds": {},
                      "f:template": {"f:spec": {"f:containers": {
                        "k:{\"name\":\"web\"}": {".": {}, "f:name": {}, "f:image": {}},
                        "k:{\"name\":\"sidecar\"}": {".": {}, "f:name": {}, "f:image": {}}}}}}}},
        {"manager": "kube-controller-manager", "operation": "Update", "subresource": "status",
         "fieldsV1": {"f:status": {"f:replicas": {}}}},
        {"manager": "kubectl-gitops", "operation": "Apply", "subresource": "status",
         "fieldsV1": {"f:status": {}}}
      ]},
    "spec": {
      "replicas": 2, "minReadySeconds": 5, "revisionHistoryLimit": 10,
      "progressDeadlineSeconds": 600,
      "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%"}},
      "selector": {"matchLabels": {"app": "web"}},
      "template": {
        "metadata": {"labels": {"app": "web"}},
        "spec": {
          "restartPolicy": "Always", "dnsPolicy": "ClusterFirst",
          "containers": [
            {"name": "sidecar", "image": "envoy:1", "imagePullPolicy": "IfNotPresent"},
            {"name": "web", "image": "nginx:1.27", "imagePullPolicy": "IfNotPresent",
             "terminationMessagePath": "/dev/termination-log"},
            {"name": "injected", "image": "mesh:2"}
          ]}}},
    "status": {"replicas": 2, "readyReplicas": 2}})");
}

// What git declares now: no minReadySeconds and no sidecar any more.
Json desired_deployment() {
  return Json::parse(R"({
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "web", "namespace": "prod", "labels": {"app": "web"}},
    "spec": {
      "replicas": 2,
      "selector": {"matchLabels": {"app": "web"}},
      "template": {
        "metadata": {"labels": {"app": "web"}},
        "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}}})");
}

}  // namespace

TEST_CASE("owned_fields finds our whole-object Apply entry only") {
  const auto live = live_deployment();
  const auto owned = owned_fields(live, "kubectl-gitops");
  REQUIRE(owned.has_value());
  CHECK(owned->contains("f:spec"));
  CHECK_FALSE(owned->contains("f:status"));
  CHECK_FALSE(owned_fields(live, "kube-controller-manager").has_value());  // an Update
  CHECK_FALSE(owned_fields(live, "helm").has_value());
  CHECK_FALSE(owned_fields(Json::parse(R"({"metadata":{"name":"x"}})"), "kubectl-gitops"));
  CHECK_FALSE(owned_fields(Json::object(), "kubectl-gitops"));
}

TEST_CASE("without ownership, the projection is the live values of the declared fields only") {
  const auto live = live_deployment();
  const auto projected = project_live(live, desired_deployment(), nullptr);
  CHECK(projected["metadata"] ==
        Json::parse(R"({"name": "web", "namespace": "prod", "labels": {"app": "web"}})"));
  CHECK_FALSE(projected.contains("status"));
  CHECK_FALSE(projected["spec"].contains("revisionHistoryLimit"));
  CHECK_FALSE(projected["spec"].contains("strategy"));
  CHECK_FALSE(projected["spec"].contains("minReadySeconds"));
  CHECK(projected["spec"]["replicas"] == 2);
  const auto& containers = projected["spec"]["template"]["spec"]["containers"];
  CHECK(containers == Json::parse(R"([{"name": "web", "image": "nginx:1.27"}])"));
  CHECK_FALSE(projected["spec"]["template"]["spec"].contains("restartPolicy"));
}

TEST_CASE("a field we applied before that git no longer declares is in the projection") {
  const auto live = live_deployment();
  const auto owned = owned_fields(live, "kubectl-gitops");
  const auto projected = project_live(live, desired_deployment(), &*owned);
  CHECK(projected["spec"]["minReadySeconds"] == 5);
  // Still nothing that only the server or others set.
  CHECK_FALSE(projected["spec"].contains("revisionHistoryLimit"));
  CHECK_FALSE(projected.contains("status"));
  CHECK_FALSE(projected["metadata"]["labels"].contains("added-by-hand"));
  CHECK_FALSE(projected["metadata"].contains("uid"));
  CHECK_FALSE(projected["metadata"].contains("managedFields"));
}

TEST_CASE("containers pair by name, and an owned container git dropped is included") {
  const auto live = live_deployment();
  const auto owned = owned_fields(live, "kubectl-gitops");
  const auto projected = project_live(live, desired_deployment(), &*owned);
  const auto& containers = projected["spec"]["template"]["spec"]["containers"];
  REQUIRE(containers.is_array());
  REQUIRE(containers.size() == 2);
  // The declared one first, whatever its live position, with its declared fields.
  CHECK(containers[0] == Json::parse(R"({"name": "web", "image": "nginx:1.27"})"));
  // The owned one git dropped, with the fields we owned in it.
  CHECK(containers[1] == Json::parse(R"({"name": "sidecar", "image": "envoy:1"})"));
  // A container injected by someone else is not ours to compare.
  for (const auto& container : containers) {
    CHECK(container["name"] != "injected");
  }
}

TEST_CASE("a declared container missing from live is absent from the projection") {
  auto desired = desired_deployment();
  desired["spec"]["template"]["spec"]["containers"].push_back({{"name", "new"}, {"image", "x"}});
  const auto projected = project_live(live_deployment(), desired, nullptr);
  const auto& containers = projected["spec"]["template"]["spec"]["containers"];
  REQUIRE(containers.size() == 1);
  CHECK(containers[0]["name"] == "web");
}

TEST_CASE("a declared field missing from live is absent from the projection") {
  auto desired = desired_deployment();
  desired["spec"]["paused"] = true;
  const auto projected = project_live(live_deployment(), desired, nullptr);
  CHECK_FALSE(projected["spec"].contains("paused"));
}

TEST_CASE("lists of scalars are compared whole") {
  const auto live = Json::parse(R"({"spec": {"args": ["a", "b", "c"]}})");
  const auto desired = Json::parse(R"({"spec": {"args": ["a"]}})");
  CHECK(project_live(live, desired, nullptr)["spec"]["args"] == live["spec"]["args"]);
}

TEST_CASE("lists of unnamed objects pair by position") {
  const auto live = Json::parse(R"({"rules": [{"host": "a", "extra": 1}, {"host": "b"}]})");
  const auto desired = Json::parse(R"({"rules": [{"host": "a"}]})");
  CHECK(project_live(live, desired, nullptr)["rules"] == Json::parse(R"([{"host": "a"}])"));
}

TEST_CASE("an owned map with no named children is taken whole") {
  const auto live = Json::parse(R"({"data": {"a": "1", "b": "2"}, "other": {"x": 1}})");
  const auto desired = Json::parse(R"({})");
  const auto owned = Json::parse(R"({"f:data": {}})");
  CHECK(project_live(live, desired, &owned) == Json::parse(R"({"data": {"a": "1", "b": "2"}})"));
}

TEST_CASE("owned map keys that git dropped are included, others are not") {
  const auto live = Json::parse(R"({"data": {"kept": "1", "dropped": "2", "foreign": "3"}})");
  const auto desired = Json::parse(R"({"data": {"kept": "1"}})");
  const auto owned = Json::parse(R"({"f:data": {".": {}, "f:kept": {}, "f:dropped": {}}})");
  CHECK(project_live(live, desired, &owned) ==
        Json::parse(R"({"data": {"kept": "1", "dropped": "2"}})"));
}

TEST_CASE("owned list elements are matched by their k: key fields") {
  const auto live = Json::parse(R"({"ports": [
      {"port": 80, "protocol": "TCP", "name": "http"},
      {"port": 443, "protocol": "TCP", "name": "https"},
      {"port": 9090, "protocol": "TCP", "name": "metrics"}]})");
  const auto desired = Json::parse(R"({})");
  const auto owned = Json::parse(R"({"f:ports": {
      "k:{\"port\":443,\"protocol\":\"TCP\"}": {".": {}, "f:port": {}, "f:name": {}},
      "k:{\"port\":80,\"protocol\":\"TCP\"}": {".": {}, "f:port": {}}}})");
  const auto projected = project_live(live, desired, &owned);
  CHECK(projected == Json::parse(R"({"ports": [{"port": 80}, {"port": 443, "name": "https"}]})"));
}

TEST_CASE("a malformed k: key is skipped, not fatal") {
  const auto live = Json::parse(R"({"items": [{"name": "a"}]})");
  const auto owned = Json::parse(R"({"f:items": {"k:{not json": {}, "v:\"x\"": {}}})");
  const auto projected = project_live(live, Json::object(), &owned);
  CHECK(projected == Json::parse(R"({"items": []})"));
}
