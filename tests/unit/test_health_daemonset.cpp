#include <doctest/doctest.h>

#include "health/health_rules.hpp"
#include "recorded_object.hpp"

using namespace kgitops;
using health::daemonset_health;
using kgitops::testing::patched;
using kgitops::testing::recorded;

namespace {

// `kubectl get daemonset node-exporter -o json` on a three-node cluster.
const Json k_rolled_out = recorded(R"json({
  "apiVersion": "apps/v1",
  "kind": "DaemonSet",
  "metadata": {
    "annotations": {"deprecated.daemonset.template.generation": "2"},
    "creationTimestamp": "2024-05-04T07:30:00Z",
    "generation": 2,
    "labels": {"app": "node-exporter"},
    "name": "node-exporter",
    "namespace": "monitoring",
    "resourceVersion": "80122",
    "uid": "3c4f1d2a-9b8e-4a7c-b6d5-e1f2a3b4c5d6"
  },
  "spec": {
    "revisionHistoryLimit": 10,
    "selector": {"matchLabels": {"app": "node-exporter"}},
    "template": {
      "metadata": {"creationTimestamp": null, "labels": {"app": "node-exporter"}},
      "spec": {"containers": [{"image": "quay.io/prometheus/node-exporter:v1.8.0",
                               "name": "node-exporter"}],
               "hostNetwork": true, "restartPolicy": "Always"}
    },
    "updateStrategy": {"rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1}, "type": "RollingUpdate"}
  },
  "status": {
    "currentNumberScheduled": 3,
    "desiredNumberScheduled": 3,
    "numberAvailable": 3,
    "numberMisscheduled": 0,
    "numberReady": 3,
    "observedGeneration": 2,
    "updatedNumberScheduled": 3
  }
})json");

// Right after `kubectl apply`: generation 3 not seen yet.
const Json k_not_observed = patched(k_rolled_out, R"json({
  "metadata": {"generation": 3, "resourceVersion": "80400"}
})json");

// Rolling to a new image, one node at a time.
const Json k_updating = patched(k_rolled_out, R"json({
  "metadata": {"generation": 3, "resourceVersion": "80455"},
  "status": {"numberAvailable": 2, "numberReady": 2, "numberUnavailable": 1, "observedGeneration": 3,
             "updatedNumberScheduled": 1}
})json");

// Every node runs the new Pod; the last one is not ready yet.
const Json k_not_available = patched(k_updating, R"json({
  "metadata": {"resourceVersion": "80502"},
  "status": {"updatedNumberScheduled": 3}
})json");

// OnDelete after a template change (the shape of Argo CD's health fixture).
const Json k_on_delete = recorded(R"json({
  "apiVersion": "apps/v1", "kind": "DaemonSet",
  "metadata": {"generation": 2, "name": "fluentd", "namespace": "logging", "resourceVersion": "90210"},
  "spec": {"selector": {"matchLabels": {"app": "fluentd"}}, "updateStrategy": {"type": "OnDelete"}},
  "status": {"currentNumberScheduled": 3, "desiredNumberScheduled": 3, "numberAvailable": 3,
             "numberMisscheduled": 0, "numberReady": 3, "observedGeneration": 2,
             "updatedNumberScheduled": 1}
})json");

}  // namespace

TEST_CASE("health daemonset: rolled out is healthy") {
  const Health health = daemonset_health(k_rolled_out);
  CHECK(health.state == HealthState::healthy);
  CHECK(health.message ==
        "daemon set \"node-exporter\" successfully rolled out: 3 of 3 pods available");
}

TEST_CASE("health daemonset: an unobserved spec is progressing") {
  const Health health = daemonset_health(k_not_observed);
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message == "Waiting for daemon set spec update to be observed...");
}

TEST_CASE("health daemonset: nodes not yet updated are progressing") {
  const Health health = daemonset_health(k_updating);
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message ==
        "Waiting for daemon set \"node-exporter\" rollout to finish: 1 out of 3 new pods have "
        "been updated...");
}

TEST_CASE("health daemonset: unavailable pods are progressing and counted") {
  const Health health = daemonset_health(k_not_available);
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message ==
        "Waiting for daemon set \"node-exporter\" rollout to finish: 2 of 3 updated pods are "
        "available...");
}

TEST_CASE("health daemonset: OnDelete waits only for availability") {
  const Health health = daemonset_health(k_on_delete);
  CHECK(health.state == HealthState::healthy);
  CHECK(health.message ==
        "daemon set \"fluentd\" has 3 available pods (OnDelete update strategy, 1 of 3 pods "
        "updated)");

  Json unavailable = k_on_delete;
  unavailable["status"]["numberAvailable"] = 1;
  const Health waiting = daemonset_health(unavailable);
  CHECK(waiting.state == HealthState::progressing);
  CHECK(waiting.message == "Waiting for daemon set \"fluentd\": 1 of 3 pods are available...");
}
