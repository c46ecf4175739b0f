#include <doctest/doctest.h>

#include "health/health_rules.hpp"
#include "recorded_object.hpp"

using namespace kgitops;
using health::apiservice_health;
using kgitops::testing::patched;
using kgitops::testing::recorded;

namespace {

// `kubectl get apiservice v1beta1.metrics.k8s.io -o json` with metrics-server up.
const Json k_available = recorded(R"json({
  "apiVersion": "apiregistration.k8s.io/v1",
  "kind": "APIService",
  "metadata": {"creationTimestamp": "2024-05-06T10:00:00Z", "labels": {"k8s-app": "metrics-server"},
               "name": "v1beta1.metrics.k8s.io", "resourceVersion": "110050",
               "uid": "2a3b4c5d-6e7f-4809-9a1b-2c3d4e5f6a7b"},
  "spec": {"group": "metrics.k8s.io", "groupPriorityMinimum": 100, "insecureSkipTLSVerify": true,
           "service": {"name": "metrics-server", "namespace": "kube-system", "port": 443},
           "version": "v1beta1", "versionPriority": 100},
  "status": {"conditions": [{"lastTransitionTime": "2024-05-06T10:00:41Z", "message": "all checks passed",
                             "reason": "Passed", "status": "True", "type": "Available"}]}
})json");

// metrics-server's Pod is not ready yet.
const Json k_missing_endpoints = patched(k_available, R"json({
  "metadata": {"resourceVersion": "110010"},
  "status": {"conditions": [{"lastTransitionTime": "2024-05-06T10:00:00Z",
                             "message": "endpoints for service/metrics-server in \"kube-system\" have no addresses with port name \"https\"",
                             "reason": "MissingEndpoints", "status": "False", "type": "Available"}]}
})json");

const Json k_unprocessed = patched(k_available, R"json({
  "metadata": {"resourceVersion": "110001"},
  "status": {"conditions": null}
})json");

}  // namespace

TEST_CASE("health apiservice: available is healthy") {
  const Health health = apiservice_health(k_available);
  CHECK(health.state == HealthState::healthy);
  CHECK(health.message == "Passed: all checks passed");
}

TEST_CASE("health apiservice: not available is progressing with the reason") {
  const Health health = apiservice_health(k_missing_endpoints);
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message ==
        "APIService is not available: MissingEndpoints: endpoints for service/metrics-server in "
        "\"kube-system\" have no addresses with port name \"https\"");
}

TEST_CASE("health apiservice: no Available condition yet is progressing") {
  const Health health = apiservice_health(k_unprocessed);
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message == "Waiting to be processed");
}
