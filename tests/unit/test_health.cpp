#include <doctest/doctest.h>

#include <array>

#include "health/health.hpp"

using namespace kgitops;

namespace {

// Worst first, as documented in health.hpp.
constexpr std::array<HealthState, 6> k_worst_first = {
    HealthState::degraded,    HealthState::missing,   HealthState::unknown,
    HealthState::progressing, HealthState::suspended, HealthState::healthy,
};

// A Deployment being deleted in the foreground (`kubectl delete --cascade=foreground`).
const char* const k_deleting_deployment = R"json({
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": {"deletionGracePeriodSeconds": 0, "deletionTimestamp": "2024-05-08T10:00:00Z",
               "finalizers": ["foregroundDeletion"], "generation": 3, "name": "web",
               "namespace": "shop", "resourceVersion": "130001"},
  "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}}},
  "status": {"availableReplicas": 3, "observedGeneration": 3, "readyReplicas": 3, "replicas": 3,
             "updatedReplicas": 3}
})json";

}  // namespace

TEST_CASE("health: to_string names every state as Argo CD does") {
  CHECK(to_string(HealthState::healthy) == "Healthy");
  CHECK(to_string(HealthState::progressing) == "Progressing");
  CHECK(to_string(HealthState::suspended) == "Suspended");
  CHECK(to_string(HealthState::degraded) == "Degraded");
  CHECK(to_string(HealthState::missing) == "Missing");
  CHECK(to_string(HealthState::unknown) == "Unknown");
}

TEST_CASE("health: worst follows the documented order") {
  for (std::size_t i = 0; i < k_worst_first.size(); ++i) {
    CHECK(worst(k_worst_first[i], k_worst_first[i]) == k_worst_first[i]);
    for (std::size_t j = i + 1; j < k_worst_first.size(); ++j) {
      CAPTURE(to_string(k_worst_first[i]));
      CAPTURE(to_string(k_worst_first[j]));
      CHECK(worst(k_worst_first[i], k_worst_first[j]) == k_worst_first[i]);
      CHECK(worst(k_worst_first[j], k_worst_first[i]) == k_worst_first[i]);
    }
  }
}

TEST_CASE("health: worst folds the health of an app") {
  HealthState app = HealthState::healthy;
  for (const auto state :
       {HealthState::suspended, HealthState::progressing, HealthState::healthy}) {
    app = worst(app, state);
  }
  CHECK(app == HealthState::progressing);
  CHECK(worst(app, HealthState::unknown) == HealthState::unknown);
  CHECK(worst(worst(app, HealthState::degraded), HealthState::missing) == HealthState::degraded);
}

TEST_CASE("health: missing_health is missing") {
  const Health health = missing_health();
  CHECK(health.state == HealthState::missing);
  CHECK_FALSE(health.message.empty());
}

TEST_CASE("health: a deletionTimestamp is progressing whatever the status says") {
  const Health health = assess_health(Json::parse(k_deleting_deployment));
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message ==
        "Deployment is being deleted (waiting for finalizers: foregroundDeletion)");

  Json no_finalizers = Json::parse(k_deleting_deployment);
  no_finalizers["metadata"].erase("finalizers");
  CHECK(assess_health(no_finalizers).message == "Deployment is being deleted");
}

TEST_CASE("health: something that is not an object is unknown") {
  CHECK(assess_health(Json()).state == HealthState::unknown);
  CHECK(assess_health(Json::array()).state == HealthState::unknown);
}

TEST_CASE("health: dispatch picks the rule by group and kind") {
  // Each object is one only its own rule would judge as checked.
  const Json paused = Json::parse(R"json({"apiVersion": "apps/v1", "kind": "Deployment",
      "metadata": {"name": "web", "namespace": "shop", "generation": 1},
      "spec": {"paused": true, "replicas": 1}, "status": {"observedGeneration": 1}})json");
  CHECK(assess_health(paused).state == HealthState::suspended);

  Json legacy = paused;
  legacy["apiVersion"] = "extensions/v1beta1";
  CHECK(assess_health(legacy).state == HealthState::suspended);

  // Same kind in another group: no Deployment rule, no conditions, so healthy.
  Json foreign = paused;
  foreign["apiVersion"] = "example.com/v1";
  CHECK(assess_health(foreign).state == HealthState::healthy);

  const Json statefulset = Json::parse(R"json({"apiVersion": "apps/v1", "kind": "StatefulSet",
      "metadata": {"name": "db", "namespace": "shop", "generation": 1},
      "spec": {"replicas": 3, "updateStrategy": {"type": "OnDelete"}},
      "status": {"observedGeneration": 1, "readyReplicas": 3, "replicas": 3, "updatedReplicas": 0}})json");
  CHECK(assess_health(statefulset).message.starts_with("statefulset has 3 ready pods"));

  const Json daemonset = Json::parse(R"json({"apiVersion": "apps/v1", "kind": "DaemonSet",
      "metadata": {"name": "agent", "namespace": "infra", "generation": 2},
      "status": {"observedGeneration": 1, "desiredNumberScheduled": 2}})json");
  CHECK(assess_health(daemonset).message == "Waiting for daemon set spec update to be observed...");

  const Json replicaset = Json::parse(R"json({"apiVersion": "apps/v1", "kind": "ReplicaSet",
      "metadata": {"name": "web-1", "namespace": "shop", "generation": 1},
      "spec": {"replicas": 2}, "status": {"observedGeneration": 1, "availableReplicas": 2}})json");
  CHECK(assess_health(replicaset).message == "2 of 2 replicas available");

  const Json pod = Json::parse(R"json({"apiVersion": "v1", "kind": "Pod",
      "metadata": {"name": "p", "namespace": "shop"}, "spec": {"restartPolicy": "Always"},
      "status": {"phase": "Succeeded"}})json");
  CHECK(assess_health(pod).message == "Pod completed successfully");

  const Json job = Json::parse(R"json({"apiVersion": "batch/v1", "kind": "Job",
      "metadata": {"name": "j", "namespace": "shop"}, "spec": {"suspend": true}, "status": {}})json");
  CHECK(assess_health(job).state == HealthState::suspended);

  const Json pvc = Json::parse(R"json({"apiVersion": "v1", "kind": "PersistentVolumeClaim",
      "metadata": {"name": "data", "namespace": "shop"}, "spec": {"volumeName": "pv-1"},
      "status": {"phase": "Lost"}})json");
  CHECK(assess_health(pvc).state == HealthState::degraded);

  const Json service = Json::parse(R"json({"apiVersion": "v1", "kind": "Service",
      "metadata": {"name": "lb", "namespace": "shop"}, "spec": {"type": "LoadBalancer"},
      "status": {"loadBalancer": {}}})json");
  CHECK(assess_health(service).state == HealthState::progressing);

  Json ingress = Json::parse(R"json({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
      "metadata": {"name": "web", "namespace": "shop"}, "status": {"loadBalancer": {}}})json");
  CHECK(assess_health(ingress).state == HealthState::progressing);
  ingress["apiVersion"] = "extensions/v1beta1";
  CHECK(assess_health(ingress).state == HealthState::progressing);

  const Json crd = Json::parse(R"json({"apiVersion": "apiextensions.k8s.io/v1",
      "kind": "CustomResourceDefinition", "metadata": {"name": "widgets.example.com"},
      "status": {"conditions": [{"type": "Established", "status": "True"}]}})json");
  CHECK(assess_health(crd).message == "CRD is established");

  const Json apiservice = Json::parse(R"json({"apiVersion": "apiregistration.k8s.io/v1",
      "kind": "APIService", "metadata": {"name": "v1beta1.metrics.k8s.io"}, "status": {}})json");
  CHECK(assess_health(apiservice).message == "Waiting to be processed");

  // Any other kind goes to the generic conditions.
  const Json custom = Json::parse(R"json({"apiVersion": "example.com/v1", "kind": "Widget",
      "metadata": {"name": "w", "namespace": "shop", "generation": 1},
      "status": {"conditions": [{"type": "Ready", "status": "False", "reason": "BackendDown",
                                 "message": "backend unreachable"}]}})json");
  const Health custom_health = assess_health(custom);
  CHECK(custom_health.state == HealthState::degraded);
  CHECK(custom_health.message == "BackendDown: backend unreachable");
}
