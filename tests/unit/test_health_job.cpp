#include <doctest/doctest.h>

#include "health/health_rules.hpp"
#include "recorded_object.hpp"

using namespace kgitops;
using health::job_health;
using kgitops::testing::patched;
using kgitops::testing::recorded;

namespace {

// `kubectl get job db-migrate -o json` on Kubernetes 1.31 after success.
const Json k_complete = recorded(R"json({
  "apiVersion": "batch/v1",
  "kind": "Job",
  "metadata": {
    "creationTimestamp": "2024-05-05T06:00:00Z",
    "generation": 1,
    "labels": {"batch.kubernetes.io/controller-uid": "8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d",
               "batch.kubernetes.io/job-name": "db-migrate"},
    "name": "db-migrate",
    "namespace": "shop",
    "resourceVersion": "90102",
    "uid": "8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d"
  },
  "spec": {
    "backoffLimit": 6,
    "completionMode": "NonIndexed",
    "completions": 1,
    "manualSelector": false,
    "parallelism": 1,
    "podReplacementPolicy": "TerminatingOrFailed",
    "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": "8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d"}},
    "suspend": false,
    "template": {
      "metadata": {"labels": {"batch.kubernetes.io/job-name": "db-migrate"}},
      "spec": {"containers": [{"args": ["migrate"], "image": "flyway/flyway:10", "name": "migrate"}],
               "restartPolicy": "Never"}
    }
  },
  "status": {
    "completionTime": "2024-05-05T06:00:21Z",
    "conditions": [
      {"lastProbeTime": "2024-05-05T06:00:21Z", "lastTransitionTime": "2024-05-05T06:00:21Z",
       "message": "Reached expected number of succeeded pods", "reason": "CompletionsReached",
       "status": "True", "type": "SuccessCriteriaMet"},
      {"lastProbeTime": "2024-05-05T06:00:21Z", "lastTransitionTime": "2024-05-05T06:00:21Z",
       "message": "Reached expected number of succeeded pods", "reason": "CompletionsReached",
       "status": "True", "type": "Complete"}
    ],
    "ready": 0,
    "startTime": "2024-05-05T06:00:00Z",
    "succeeded": 1,
    "terminating": 0,
    "uncountedTerminatedPods": {}
  }
})json");

// backoffLimit 0 and a script that exits 1 (the shape of Argo CD's health fixture, with 1.31
// conditions).
const Json k_failed = recorded(R"json({
  "apiVersion": "batch/v1", "kind": "Job",
  "metadata": {"generation": 1, "name": "fail", "namespace": "argoci-workflows", "resourceVersion": "46534173"},
  "spec": {"backoffLimit": 0, "completions": 1, "parallelism": 1, "suspend": false,
           "template": {"spec": {"containers": [{"command": ["sh", "-c", "exit 1"], "image": "alpine:latest", "name": "fail"}],
                                 "restartPolicy": "Never"}}},
  "status": {
    "conditions": [
      {"lastProbeTime": "2018-12-02T08:09:27Z", "lastTransitionTime": "2018-12-02T08:09:27Z",
       "message": "Job has reached the specified backoff limit", "reason": "BackoffLimitExceeded",
       "status": "True", "type": "FailureTarget"},
      {"lastProbeTime": "2018-12-02T08:09:27Z", "lastTransitionTime": "2018-12-02T08:09:27Z",
       "message": "Job has reached the specified backoff limit", "reason": "BackoffLimitExceeded",
       "status": "True", "type": "Failed"}
    ],
    "failed": 1, "ready": 0, "startTime": "2018-12-02T08:09:25Z", "terminating": 0,
    "uncountedTerminatedPods": {}
  }
})json");

// activeDeadlineSeconds passed; the last Pod is still being terminated.
const Json k_failure_target = recorded(R"json({
  "apiVersion": "batch/v1", "kind": "Job",
  "metadata": {"generation": 1, "name": "report", "namespace": "batch", "resourceVersion": "91220"},
  "spec": {"activeDeadlineSeconds": 300, "backoffLimit": 6, "completions": 1, "parallelism": 1, "suspend": false},
  "status": {
    "active": 1,
    "conditions": [
      {"lastProbeTime": "2024-05-05T07:05:00Z", "lastTransitionTime": "2024-05-05T07:05:00Z",
       "message": "Job was active longer than specified deadline", "reason": "DeadlineExceeded",
       "status": "True", "type": "FailureTarget"}
    ],
    "ready": 0, "startTime": "2024-05-05T07:00:00Z", "terminating": 1, "uncountedTerminatedPods": {}
  }
})json");

// Created with spec.suspend true (the shape of Argo CD's health fixture).
const Json k_suspended = recorded(R"json({
  "apiVersion": "batch/v1", "kind": "Job",
  "metadata": {"generation": 1, "name": "succeed", "namespace": "argoci-workflows", "resourceVersion": "46535949"},
  "spec": {"backoffLimit": 0, "completions": 1, "parallelism": 1, "suspend": true},
  "status": {
    "conditions": [
      {"lastProbeTime": "2022-12-08T22:27:20Z", "lastTransitionTime": "2022-12-08T22:27:20Z",
       "message": "Job suspended", "reason": "JobSuspended", "status": "True", "type": "Suspended"}
    ]
  }
})json");

// The same Job while it runs, after one Pod failed.
const Json k_running = patched(k_complete, R"json({
  "metadata": {"resourceVersion": "90011"},
  "status": {"active": 1, "completionTime": null, "conditions": null, "failed": 1, "ready": 1,
             "succeeded": null}
})json");

// Read in the moment after creation, before the job controller synced it: no status yet.
const Json k_just_created = patched(k_complete, R"json({
  "metadata": {"resourceVersion": "90001"},
  "status": null
})json");

}  // namespace

TEST_CASE("health job: complete is healthy") {
  const Health health = job_health(k_complete);
  CHECK(health.state == HealthState::healthy);
  CHECK(health.message == "Job completed: 0 active, 1 succeeded, 0 failed");
}

TEST_CASE("health job: failed is degraded with its reason and message") {
  const Health health = job_health(k_failed);
  CHECK(health.state == HealthState::degraded);
  CHECK(health.message ==
        "Job failed: BackoffLimitExceeded: Job has reached the specified backoff limit");
}

TEST_CASE("health job: a failure target is already degraded") {
  const Health health = job_health(k_failure_target);
  CHECK(health.state == HealthState::degraded);
  CHECK(health.message ==
        "Job failed: DeadlineExceeded: Job was active longer than specified deadline");
}

TEST_CASE("health job: spec.suspend is suspended") {
  const Health health = job_health(k_suspended);
  CHECK(health.state == HealthState::suspended);
  CHECK(health.message == "Job is suspended");
}

TEST_CASE("health job: resumed but not yet synced is progressing, not suspended") {
  Json live = k_suspended;
  live["spec"]["suspend"] = false;
  CHECK(job_health(live).state == HealthState::progressing);
}

TEST_CASE("health job: running is progressing with its pod counts") {
  const Health health = job_health(k_running);
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message == "Job is running: 1 active, 0 succeeded, 1 failed");
}

TEST_CASE("health job: not started is progressing") {
  const Health health = job_health(k_just_created);
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message == "Job has not started");
}
