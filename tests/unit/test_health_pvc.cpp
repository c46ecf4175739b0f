#include <doctest/doctest.h>

#include "health/health_rules.hpp"

using namespace kgitops;
using health::pvc_health;

namespace {

// `kubectl get pvc data-db-0 -o json` once the provisioner created the volume.
const char* const k_bound = R"json({
  "apiVersion": "v1",
  "kind": "PersistentVolumeClaim",
  "metadata": {
    "annotations": {"pv.kubernetes.io/bind-completed": "yes",
                    "pv.kubernetes.io/bound-by-controller": "yes",
                    "volume.beta.kubernetes.io/storage-provisioner": "rancher.io/local-path",
                    "volume.kubernetes.io/selected-node": "worker-1",
                    "volume.kubernetes.io/storage-provisioner": "rancher.io/local-path"},
    "creationTimestamp": "2024-05-03T08:00:12Z",
    "finalizers": ["kubernetes.io/pvc-protection"],
    "labels": {"app": "db"},
    "name": "data-db-0",
    "namespace": "shop",
    "resourceVersion": "60120",
    "uid": "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9"
  },
  "spec": {
    "accessModes": ["ReadWriteOnce"],
    "resources": {"requests": {"storage": "10Gi"}},
    "storageClassName": "standard",
    "volumeMode": "Filesystem",
    "volumeName": "pvc-5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9"
  },
  "status": {
    "accessModes": ["ReadWriteOnce"],
    "capacity": {"storage": "10Gi"},
    "phase": "Bound"
  }
})json";

// A WaitForFirstConsumer class: no volume until a Pod uses the claim.
const char* const k_pending = R"json({
  "apiVersion": "v1", "kind": "PersistentVolumeClaim",
  "metadata": {"creationTimestamp": "2024-05-03T08:00:12Z", "finalizers": ["kubernetes.io/pvc-protection"],
               "name": "scratch", "namespace": "shop", "resourceVersion": "60101"},
  "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}},
           "storageClassName": "standard", "volumeMode": "Filesystem"},
  "status": {"phase": "Pending"}
})json";

// Its PersistentVolume was deleted underneath it.
const char* const k_lost = R"json({
  "apiVersion": "v1", "kind": "PersistentVolumeClaim",
  "metadata": {"finalizers": ["kubernetes.io/pvc-protection"], "name": "data-db-1", "namespace": "shop",
               "resourceVersion": "63001"},
  "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "10Gi"}},
           "storageClassName": "standard", "volumeMode": "Filesystem",
           "volumeName": "pvc-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"},
  "status": {"phase": "Lost"}
})json";

}  // namespace

TEST_CASE("health pvc: bound is healthy") {
  const Health health = pvc_health(Json::parse(k_bound));
  CHECK(health.state == HealthState::healthy);
  CHECK(health.message == "Bound to volume \"pvc-5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9\"");
}

TEST_CASE("health pvc: pending is progressing") {
  const Health health = pvc_health(Json::parse(k_pending));
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message == "Waiting for a volume to be bound (storage class \"standard\")");
}

TEST_CASE("health pvc: lost is degraded") {
  const Health health = pvc_health(Json::parse(k_lost));
  CHECK(health.state == HealthState::degraded);
  CHECK(health.message ==
        "Lost its volume \"pvc-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\": the volume is gone");
}

TEST_CASE("health pvc: no phase is unknown") {
  Json live = Json::parse(k_pending);
  live.erase("status");
  CHECK(pvc_health(live).state == HealthState::unknown);
}
