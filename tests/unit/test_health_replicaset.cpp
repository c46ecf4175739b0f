#include <doctest/doctest.h>

#include "health/health_rules.hpp"
#include "recorded_object.hpp"

using namespace kgitops;
using health::replicaset_health;
using kgitops::testing::patched;
using kgitops::testing::recorded;

namespace {

// `kubectl get replicaset web-5d8f7c6b9d -o json`, owned by Deployment web.
const Json k_available = recorded(R"json({
  "apiVersion": "apps/v1",
  "kind": "ReplicaSet",
  "metadata": {
    "annotations": {"deployment.kubernetes.io/desired-replicas": "3",
                    "deployment.kubernetes.io/max-replicas": "4",
                    "deployment.kubernetes.io/revision": "2"},
    "creationTimestamp": "2024-05-02T09:18:02Z",
    "generation": 1,
    "labels": {"app": "web", "pod-template-hash": "5d8f7c6b9d"},
    "name": "web-5d8f7c6b9d",
    "namespace": "shop",
    "ownerReferences": [{"apiVersion": "apps/v1", "blockOwnerDeletion": true, "controller": true,
                         "kind": "Deployment", "name": "web",
                         "uid": "6f1d0c52-3a8e-4c1e-9d7b-5f2a1e7c9b10"}],
    "resourceVersion": "48207",
    "uid": "a2b3c4d5-e6f7-4809-9a1b-2c3d4e5f6a7b"
  },
  "spec": {
    "replicas": 3,
    "selector": {"matchLabels": {"app": "web", "pod-template-hash": "5d8f7c6b9d"}},
    "template": {"metadata": {"labels": {"app": "web", "pod-template-hash": "5d8f7c6b9d"}},
                 "spec": {"containers": [{"image": "nginx:1.25", "name": "nginx"}]}}
  },
  "status": {"availableReplicas": 3, "fullyLabeledReplicas": 3, "observedGeneration": 1,
             "readyReplicas": 3, "replicas": 3}
})json");

// Scaled up from 3 to 5; two new Pods are starting.
const Json k_scaling_up = patched(k_available, R"json({
  "metadata": {"generation": 2, "resourceVersion": "48810"},
  "spec": {"replicas": 5},
  "status": {"fullyLabeledReplicas": 5, "observedGeneration": 2, "replicas": 5}
})json");

// Scaled to 2; the controller has seen only generation 2 so far.
const Json k_not_observed = patched(k_available, R"json({
  "metadata": {"generation": 3, "resourceVersion": "48900"},
  "spec": {"replicas": 2},
  "status": {"availableReplicas": 5, "fullyLabeledReplicas": 5, "observedGeneration": 2,
             "readyReplicas": 5, "replicas": 5}
})json");

// The service account named in the template does not exist.
const Json k_replica_failure = recorded(R"json({
  "apiVersion": "apps/v1", "kind": "ReplicaSet",
  "metadata": {"generation": 1, "name": "api-6b9c7d8f5e", "namespace": "shop", "resourceVersion": "49555"},
  "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "api", "pod-template-hash": "6b9c7d8f5e"}}},
  "status": {
    "conditions": [{
      "lastTransitionTime": "2024-05-02T13:40:11Z",
      "message": "pods \"api-6b9c7d8f5e-\" is forbidden: error looking up service account shop/api: serviceaccount \"api\" not found",
      "reason": "FailedCreate",
      "status": "True",
      "type": "ReplicaFailure"
    }],
    "observedGeneration": 1,
    "replicas": 0
  }
})json");

}  // namespace

TEST_CASE("health replicaset: all replicas available is healthy") {
  const Health health = replicaset_health(k_available);
  CHECK(health.state == HealthState::healthy);
  CHECK(health.message == "3 of 3 replicas available");
}

TEST_CASE("health replicaset: missing replicas are progressing and counted") {
  const Health health = replicaset_health(k_scaling_up);
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message ==
        "Waiting for rollout to finish: 3 out of 5 new replicas are available...");
}

TEST_CASE("health replicaset: an unobserved spec is progressing") {
  CHECK(replicaset_health(k_not_observed).state == HealthState::progressing);
}

TEST_CASE("health replicaset: a ReplicaFailure condition is degraded with its reason") {
  const Health health = replicaset_health(k_replica_failure);
  CHECK(health.state == HealthState::degraded);
  CHECK(health.message ==
        "FailedCreate: pods \"api-6b9c7d8f5e-\" is forbidden: error looking up service account "
        "shop/api: serviceaccount \"api\" not found");
}
