#include <doctest/doctest.h>

#include "health/health_rules.hpp"
#include "recorded_object.hpp"

using namespace kgitops;
using health::statefulset_health;
using kgitops::testing::patched;
using kgitops::testing::recorded;

namespace {

// `kubectl get statefulset db -o json` after the rollout of postgres:16.3.
const Json k_rolled_out = recorded(R"json({
  "apiVersion": "apps/v1",
  "kind": "StatefulSet",
  "metadata": {
    "creationTimestamp": "2024-05-03T08:00:12Z",
    "generation": 2,
    "labels": {"app": "db"},
    "name": "db",
    "namespace": "shop",
    "resourceVersion": "61022",
    "uid": "0b9a7c11-52de-4f3b-a0a1-77f5c3b2e9d4"
  },
  "spec": {
    "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Retain", "whenScaled": "Retain"},
    "podManagementPolicy": "OrderedReady",
    "replicas": 3,
    "revisionHistoryLimit": 10,
    "selector": {"matchLabels": {"app": "db"}},
    "serviceName": "db",
    "template": {
      "metadata": {"creationTimestamp": null, "labels": {"app": "db"}},
      "spec": {"containers": [{"image": "postgres:16.3", "name": "postgres",
                               "ports": [{"containerPort": 5432, "name": "pg", "protocol": "TCP"}]}],
               "restartPolicy": "Always"}
    },
    "updateStrategy": {"rollingUpdate": {"partition": 0}, "type": "RollingUpdate"},
    "volumeClaimTemplates": [{
      "apiVersion": "v1", "kind": "PersistentVolumeClaim",
      "metadata": {"creationTimestamp": null, "name": "data"},
      "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "10Gi"}},
               "volumeMode": "Filesystem"},
      "status": {"phase": "Pending"}
    }]
  },
  "status": {
    "availableReplicas": 3,
    "collisionCount": 0,
    "currentReplicas": 3,
    "currentRevision": "db-6d5b8c7f9c",
    "observedGeneration": 2,
    "readyReplicas": 3,
    "replicas": 3,
    "updateRevision": "db-6d5b8c7f9c",
    "updatedReplicas": 3
  }
})json");

// Right after `kubectl apply`: generation 3 not seen yet.
const Json k_not_observed = patched(k_rolled_out, R"json({
  "metadata": {"generation": 3, "resourceVersion": "61301"}
})json");

// Just created: the first Pod is starting (OrderedReady creates one at a time).
const Json k_starting = patched(k_rolled_out, R"json({
  "metadata": {"generation": 1, "resourceVersion": "60011"},
  "status": {"availableReplicas": 1, "currentReplicas": 2, "observedGeneration": 1, "readyReplicas": 1,
             "replicas": 2, "updatedReplicas": 2}
})json");

// Rolling update from the highest ordinal down: db-2 is on the new revision.
const Json k_rolling = patched(k_rolled_out, R"json({
  "metadata": {"generation": 3, "resourceVersion": "61420"},
  "status": {"currentReplicas": 2, "observedGeneration": 3, "updateRevision": "db-78c4f9d5b6",
             "updatedReplicas": 1}
})json");

// A canary: partition 2 updates only db-2.
const Json k_partition_waiting = patched(k_rolled_out, R"json({
  "metadata": {"generation": 4, "resourceVersion": "61877"},
  "spec": {"updateStrategy": {"rollingUpdate": {"partition": 2}}},
  "status": {"observedGeneration": 4, "updateRevision": "db-5b7d8c6f4a", "updatedReplicas": 0}
})json");

// The canary's Pod is on the new revision.
const Json k_partition_done = patched(k_partition_waiting, R"json({
  "metadata": {"resourceVersion": "61940"},
  "status": {"currentReplicas": 2, "updatedReplicas": 1}
})json");

// OnDelete after a template change: nothing moves until Pods are deleted.
const Json k_on_delete = recorded(R"json({
  "apiVersion": "apps/v1", "kind": "StatefulSet",
  "metadata": {"generation": 2, "name": "zk", "namespace": "infra", "resourceVersion": "71002"},
  "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "zk"}}, "serviceName": "zk-hs",
           "updateStrategy": {"type": "OnDelete"}},
  "status": {"availableReplicas": 3, "collisionCount": 0, "currentReplicas": 2,
             "currentRevision": "zk-7c8d9b6f5d", "observedGeneration": 2, "readyReplicas": 3,
             "replicas": 3, "updateRevision": "zk-84f6c7d9b8", "updatedReplicas": 1}
})json");

// Scaled from 3 to 2: db-2 is terminating.
const Json k_scaling_down = patched(k_rolled_out, R"json({
  "metadata": {"generation": 5, "resourceVersion": "62010"},
  "spec": {"replicas": 2},
  "status": {"observedGeneration": 5}
})json");

}  // namespace

TEST_CASE("health statefulset: rolled out is healthy") {
  const Health health = statefulset_health(k_rolled_out);
  CHECK(health.state == HealthState::healthy);
  CHECK(health.message ==
        "statefulset rolling update complete 3 pods at revision db-6d5b8c7f9c...");
}

TEST_CASE("health statefulset: an unobserved spec is progressing") {
  const Health health = statefulset_health(k_not_observed);
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message == "Waiting for statefulset spec update to be observed...");
}

TEST_CASE("health statefulset: pods not ready are progressing and counted") {
  const Health health = statefulset_health(k_starting);
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message == "Waiting for 2 pods to be ready... (1 of 3 ready)");
}

TEST_CASE("health statefulset: a rolling update waits for the new revision") {
  const Health health = statefulset_health(k_rolling);
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message ==
        "waiting for statefulset rolling update to complete 1 pods at revision db-78c4f9d5b6...");
}

TEST_CASE("health statefulset: a partition waits only for the pods above it") {
  const Health waiting = statefulset_health(k_partition_waiting);
  CHECK(waiting.state == HealthState::progressing);
  CHECK(waiting.message ==
        "Waiting for partitioned roll out to finish: 0 out of 1 new pods have been updated...");

  const Health done = statefulset_health(k_partition_done);
  CHECK(done.state == HealthState::healthy);
  CHECK(done.message == "partitioned roll out complete: 1 new pods have been updated...");
}

TEST_CASE("health statefulset: OnDelete is healthy once its pods are ready") {
  const Health health = statefulset_health(k_on_delete);
  CHECK(health.state == HealthState::healthy);
  CHECK(health.message ==
        "statefulset has 3 ready pods (OnDelete update strategy, 1 of 3 pods updated)");

  Json not_ready = k_on_delete;
  not_ready["status"]["readyReplicas"] = 2;
  CHECK(statefulset_health(not_ready).state == HealthState::progressing);
}

TEST_CASE("health statefulset: pods above the desired count are awaited") {
  const Health health = statefulset_health(k_scaling_down);
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message == "Waiting for 1 pods to be terminated...");
}
