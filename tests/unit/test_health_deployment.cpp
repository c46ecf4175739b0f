#include <doctest/doctest.h>

#include "health/health_rules.hpp"
#include "recorded_object.hpp"

using namespace kgitops;
using health::deployment_health;
using kgitops::testing::patched;
using kgitops::testing::recorded;

namespace {

// Recorded with `kubectl get deployment web -o json` (managedFields dropped)
// after a rollout of nginx:1.25 finished.
const Json k_rolled_out = recorded(R"json({
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": {
    "annotations": {"deployment.kubernetes.io/revision": "2"},
    "creationTimestamp": "2024-05-02T09:14:31Z",
    "generation": 2,
    "labels": {"app": "web"},
    "name": "web",
    "namespace": "shop",
    "resourceVersion": "48213",
    "uid": "6f1d0c52-3a8e-4c1e-9d7b-5f2a1e7c9b10"
  },
  "spec": {
    "progressDeadlineSeconds": 600,
    "replicas": 3,
    "revisionHistoryLimit": 10,
    "selector": {"matchLabels": {"app": "web"}},
    "strategy": {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}, "type": "RollingUpdate"},
    "template": {
      "metadata": {"creationTimestamp": null, "labels": {"app": "web"}},
      "spec": {
        "containers": [{
          "image": "nginx:1.25",
          "imagePullPolicy": "IfNotPresent",
          "name": "nginx",
          "ports": [{"containerPort": 80, "protocol": "TCP"}],
          "resources": {},
          "terminationMessagePath": "/dev/termination-log",
          "terminationMessagePolicy": "File"
        }],
        "dnsPolicy": "ClusterFirst",
        "restartPolicy": "Always",
        "schedulerName": "default-scheduler",
        "securityContext": {},
        "terminationGracePeriodSeconds": 30
      }
    }
  },
  "status": {
    "availableReplicas": 3,
    "conditions": [
      {"lastTransitionTime": "2024-05-02T09:14:40Z", "lastUpdateTime": "2024-05-02T09:14:40Z",
       "message": "Deployment has minimum availability.", "reason": "MinimumReplicasAvailable",
       "status": "True", "type": "Available"},
      {"lastTransitionTime": "2024-05-02T09:14:31Z", "lastUpdateTime": "2024-05-02T09:20:12Z",
       "message": "ReplicaSet \"web-5d8f7c6b9d\" has successfully progressed.",
       "reason": "NewReplicaSetAvailable", "status": "True", "type": "Progressing"}
    ],
    "observedGeneration": 2,
    "readyReplicas": 3,
    "replicas": 3,
    "updatedReplicas": 3
  }
})json");

// `kubectl rollout pause deployment/web` after a template change.
const Json k_paused = patched(k_rolled_out, R"json({
  "metadata": {"generation": 3, "resourceVersion": "48990"},
  "spec": {"paused": true,
           "template": {"spec": {"containers": [{"image": "nginx:1.26", "name": "nginx"}]}}},
  "status": {
    "conditions": [
      {"lastTransitionTime": "2024-05-02T09:14:40Z", "lastUpdateTime": "2024-05-02T09:14:40Z",
       "message": "Deployment has minimum availability.", "reason": "MinimumReplicasAvailable",
       "status": "True", "type": "Available"},
      {"lastTransitionTime": "2024-05-02T10:02:11Z", "lastUpdateTime": "2024-05-02T10:02:11Z",
       "message": "Deployment is paused", "reason": "DeploymentPaused", "status": "Unknown",
       "type": "Progressing"}
    ],
    "observedGeneration": 3, "updatedReplicas": 0
  }
})json");

// Read right after `kubectl apply` changed the image: the controller has not
// caught up with generation 4 yet.
const Json k_not_observed = patched(k_rolled_out, R"json({
  "metadata": {"generation": 4, "resourceVersion": "49102"},
  "spec": {"template": {"spec": {"containers": [{"image": "nginx:1.27", "name": "nginx"}]}}},
  "status": {"observedGeneration": 3}
})json");

// A new image that never becomes ready, ten minutes later (the shape of Argo CD's health fixture).
const Json k_deadline_exceeded = recorded(R"json({
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": {"generation": 4, "name": "guestbook-ui", "namespace": "default", "resourceVersion": "13660"},
  "spec": {"progressDeadlineSeconds": 600, "replicas": 1, "selector": {"matchLabels": {"app": "guestbook-ui"}},
           "template": {"metadata": {"labels": {"app": "guestbook-ui"}},
                        "spec": {"containers": [{"image": "gcr.io/heptio-images/ks-guestbook-demo:0.3",
                                                 "name": "guestbook-ui"}]}}},
  "status": {
    "availableReplicas": 1,
    "conditions": [
      {"lastTransitionTime": "2018-07-18T04:48:48Z", "lastUpdateTime": "2018-07-18T04:48:48Z",
       "message": "Deployment has minimum availability.", "reason": "MinimumReplicasAvailable",
       "status": "True", "type": "Available"},
      {"lastTransitionTime": "2018-07-18T06:29:23Z", "lastUpdateTime": "2018-07-18T06:29:23Z",
       "message": "ReplicaSet \"guestbook-ui-75dd4d49d5\" has timed out progressing.",
       "reason": "ProgressDeadlineExceeded", "status": "False", "type": "Progressing"}
    ],
    "observedGeneration": 4, "readyReplicas": 1, "replicas": 2, "unavailableReplicas": 1,
    "updatedReplicas": 1
  }
})json");

// Mid rollout: one new Pod surged, old Pods still serve.
const Json k_updating = patched(k_rolled_out, R"json({
  "metadata": {"generation": 5, "resourceVersion": "50021"},
  "spec": {"template": {"spec": {"containers": [{"image": "nginx:1.27", "name": "nginx"}]}}},
  "status": {
    "conditions": [
      {"lastTransitionTime": "2024-05-02T09:14:40Z", "lastUpdateTime": "2024-05-02T09:14:40Z",
       "message": "Deployment has minimum availability.", "reason": "MinimumReplicasAvailable",
       "status": "True", "type": "Available"},
      {"lastTransitionTime": "2024-05-02T09:14:31Z", "lastUpdateTime": "2024-05-02T11:00:03Z",
       "message": "ReplicaSet \"web-6c9d4f8b7f\" is progressing.", "reason": "ReplicaSetUpdated",
       "status": "True", "type": "Progressing"}
    ],
    "observedGeneration": 5, "replicas": 4, "unavailableReplicas": 1, "updatedReplicas": 1
  }
})json");

// The same rollout later: every new Pod is up; one old Pod is still terminating.
const Json k_old_pending_termination = patched(k_updating, R"json({
  "metadata": {"resourceVersion": "50077"},
  "status": {
    "conditions": [
      {"lastTransitionTime": "2024-05-02T09:14:40Z", "lastUpdateTime": "2024-05-02T09:14:40Z",
       "message": "Deployment has minimum availability.", "reason": "MinimumReplicasAvailable",
       "status": "True", "type": "Available"},
      {"lastTransitionTime": "2024-05-02T09:14:31Z", "lastUpdateTime": "2024-05-02T11:00:41Z",
       "message": "ReplicaSet \"web-6c9d4f8b7f\" is progressing.", "reason": "ReplicaSetUpdated",
       "status": "True", "type": "Progressing"}
    ],
    "unavailableReplicas": null, "updatedReplicas": 3
  }
})json");

// All Pods are on the new template but two fail their readiness probe.
const Json k_not_available = recorded(R"json({
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": {"generation": 1, "name": "api", "namespace": "shop", "resourceVersion": "51230"},
  "spec": {"progressDeadlineSeconds": 600, "replicas": 3, "selector": {"matchLabels": {"app": "api"}},
           "template": {"metadata": {"labels": {"app": "api"}},
                        "spec": {"containers": [{"image": "ghcr.io/example/api:2.1.0", "name": "api"}]}}},
  "status": {
    "availableReplicas": 1,
    "conditions": [
      {"lastTransitionTime": "2024-05-02T12:01:05Z", "lastUpdateTime": "2024-05-02T12:01:05Z",
       "message": "Deployment does not have minimum availability.",
       "reason": "MinimumReplicasUnavailable", "status": "False", "type": "Available"},
      {"lastTransitionTime": "2024-05-02T12:01:05Z", "lastUpdateTime": "2024-05-02T12:01:09Z",
       "message": "ReplicaSet \"api-7b6d9f5c4d\" is progressing.", "reason": "ReplicaSetUpdated",
       "status": "True", "type": "Progressing"}
    ],
    "observedGeneration": 1, "readyReplicas": 1, "replicas": 3, "unavailableReplicas": 2,
    "updatedReplicas": 3
  }
})json");

// A ResourceQuota refuses the third Pod; the controller copies the
// ReplicaSet's ReplicaFailure onto the Deployment.
const Json k_quota_exceeded = recorded(R"json({
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": {"generation": 1, "name": "worker", "namespace": "batch", "resourceVersion": "52011"},
  "spec": {"progressDeadlineSeconds": 600, "replicas": 3, "selector": {"matchLabels": {"app": "worker"}},
           "template": {"metadata": {"labels": {"app": "worker"}},
                        "spec": {"containers": [{"image": "busybox:1.36", "name": "worker",
                                                 "resources": {"requests": {"cpu": "1"}}}]}}},
  "status": {
    "availableReplicas": 2,
    "conditions": [
      {"lastTransitionTime": "2024-05-02T12:10:00Z", "lastUpdateTime": "2024-05-02T12:10:00Z",
       "message": "Deployment has minimum availability.", "reason": "MinimumReplicasAvailable",
       "status": "True", "type": "Available"},
      {"lastTransitionTime": "2024-05-02T12:09:58Z", "lastUpdateTime": "2024-05-02T12:09:58Z",
       "message": "pods \"worker-5f7b8c9d6-x2m4q\" is forbidden: exceeded quota: compute, requested: cpu=1, used: cpu=2, limited: cpu=2",
       "reason": "FailedCreate", "status": "True", "type": "ReplicaFailure"},
      {"lastTransitionTime": "2024-05-02T12:09:58Z", "lastUpdateTime": "2024-05-02T12:10:00Z",
       "message": "ReplicaSet \"worker-5f7b8c9d6\" is progressing.", "reason": "ReplicaSetUpdated",
       "status": "True", "type": "Progressing"}
    ],
    "observedGeneration": 1, "readyReplicas": 2, "replicas": 2, "unavailableReplicas": 1,
    "updatedReplicas": 2
  }
})json");

}  // namespace

TEST_CASE("health deployment: rolled out is healthy") {
  const Health health = deployment_health(k_rolled_out);
  CHECK(health.state == HealthState::healthy);
  CHECK(health.message == "Deployment \"web\" successfully rolled out: 3 of 3 replicas available");
}

TEST_CASE("health deployment: paused is suspended") {
  const Health health = deployment_health(k_paused);
  CHECK(health.state == HealthState::suspended);
  CHECK(health.message == "Deployment \"web\" is paused");
}

TEST_CASE("health deployment: a spec the controller has not observed is progressing") {
  const Health health = deployment_health(k_not_observed);
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message ==
        "Waiting for rollout to be observed: generation 4, observed generation 3");
}

TEST_CASE("health deployment: an exceeded progress deadline is degraded") {
  const Health health = deployment_health(k_deadline_exceeded);
  CHECK(health.state == HealthState::degraded);
  CHECK(health.message ==
        "Deployment \"guestbook-ui\" exceeded its progress deadline: ReplicaSet "
        "\"guestbook-ui-75dd4d49d5\" has timed out progressing.");
}

TEST_CASE("health deployment: replicas not yet updated are progressing") {
  const Health health = deployment_health(k_updating);
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message ==
        "Waiting for rollout to finish: 1 out of 3 new replicas have been updated...");
}

TEST_CASE("health deployment: old replicas pending termination are progressing") {
  const Health health = deployment_health(k_old_pending_termination);
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message ==
        "Waiting for rollout to finish: 1 old replicas are pending termination...");
}

TEST_CASE("health deployment: unavailable pods are progressing and counted") {
  const Health health = deployment_health(k_not_available);
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message ==
        "Waiting for rollout to finish: 1 of 3 updated replicas are available...");
}

TEST_CASE("health deployment: a replica failure is named while progressing") {
  const Health health = deployment_health(k_quota_exceeded);
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message ==
        "Waiting for rollout to finish: 2 out of 3 new replicas have been updated... "
        "(FailedCreate: pods \"worker-5f7b8c9d6-x2m4q\" is forbidden: exceeded quota: compute, "
        "requested: cpu=1, used: cpu=2, limited: cpu=2)");
}

TEST_CASE("health deployment: paused wins over a stale generation") {
  Json live = k_paused;
  live["metadata"]["generation"] = 9;
  CHECK(deployment_health(live).state == HealthState::suspended);
}

TEST_CASE("health deployment: scaled to zero is healthy") {
  Json live = k_rolled_out;
  live["spec"]["replicas"] = 0;
  live["status"] = Json::parse(R"json({"observedGeneration": 2, "conditions": []})json");
  CHECK(deployment_health(live).state == HealthState::healthy);
}
