#include <doctest/doctest.h>

#include "health/health_rules.hpp"
#include "recorded_object.hpp"

using namespace kgitops;
using health::crd_health;
using kgitops::testing::patched;
using kgitops::testing::recorded;

namespace {

// `kubectl get crd widgets.example.com -o json` (schema trimmed).
const Json k_established = recorded(R"json({
  "apiVersion": "apiextensions.k8s.io/v1",
  "kind": "CustomResourceDefinition",
  "metadata": {"creationTimestamp": "2024-05-06T08:00:00Z", "generation": 1, "name": "widgets.example.com",
               "resourceVersion": "100200", "uid": "1f2e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b"},
  "spec": {
    "conversion": {"strategy": "None"},
    "group": "example.com",
    "names": {"kind": "Widget", "listKind": "WidgetList", "plural": "widgets", "singular": "widget"},
    "scope": "Namespaced",
    "versions": [{"name": "v1", "served": true, "storage": true,
                  "schema": {"openAPIV3Schema": {"type": "object",
                                                 "x-kubernetes-preserve-unknown-fields": true}}}]
  },
  "status": {
    "acceptedNames": {"kind": "Widget", "listKind": "WidgetList", "plural": "widgets", "singular": "widget"},
    "conditions": [
      {"lastTransitionTime": "2024-05-06T08:00:00Z", "message": "no conflicts found",
       "reason": "NoConflicts", "status": "True", "type": "NamesAccepted"},
      {"lastTransitionTime": "2024-05-06T08:00:00Z", "message": "the initial names have been accepted",
       "reason": "InitialNamesAccepted", "status": "True", "type": "Established"}
    ],
    "storedVersions": ["v1"]
  }
})json");

// The moment between creation and Established.
const Json k_installing = patched(k_established, R"json({
  "metadata": {"resourceVersion": "100198"},
  "status": {
    "conditions": [
      {"lastTransitionTime": "2024-05-06T08:00:00Z", "message": "no conflicts found",
       "reason": "NoConflicts", "status": "True", "type": "NamesAccepted"},
      {"lastTransitionTime": "2024-05-06T08:00:00Z", "message": "the initial names have been accepted",
       "reason": "Installing", "status": "False", "type": "Established"}
    ]
  }
})json");

// A second CRD claiming a plural another CRD of the group already has.
const Json k_names_conflict = recorded(R"json({
  "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
  "metadata": {"generation": 1, "name": "gadgets.example.com", "resourceVersion": "100310"},
  "spec": {"group": "example.com", "names": {"kind": "Gadget", "plural": "gadgets", "shortNames": ["wd"]},
           "scope": "Namespaced"},
  "status": {
    "acceptedNames": {"kind": "", "plural": ""},
    "conditions": [
      {"lastTransitionTime": "2024-05-06T08:05:00Z", "message": "\"wd\" is already in use",
       "reason": "ShortNamesConflict", "status": "False", "type": "NamesAccepted"},
      {"lastTransitionTime": "2024-05-06T08:05:00Z", "message": "not all names are accepted",
       "reason": "NotAccepted", "status": "False", "type": "Established"}
    ],
    "storedVersions": ["v1"]
  }
})json");

// `kubectl delete crd` while Widgets still exist.
const Json k_terminating = patched(k_established, R"json({
  "metadata": {"resourceVersion": "100990"},
  "status": {
    "conditions": [
      {"lastTransitionTime": "2024-05-06T08:00:00Z", "message": "no conflicts found",
       "reason": "NoConflicts", "status": "True", "type": "NamesAccepted"},
      {"lastTransitionTime": "2024-05-06T08:00:00Z", "message": "the initial names have been accepted",
       "reason": "InitialNamesAccepted", "status": "True", "type": "Established"},
      {"lastTransitionTime": "2024-05-06T09:00:00Z", "message": "CustomResource deletion is in progress",
       "reason": "InstanceDeletionInProgress", "status": "True", "type": "Terminating"}
    ]
  }
})json");

// A legacy CRD whose schema is not structural.
const Json k_non_structural = recorded(R"json({
  "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
  "metadata": {"generation": 1, "name": "legacies.example.com", "resourceVersion": "100400"},
  "spec": {"group": "example.com", "names": {"kind": "Legacy", "plural": "legacies"}, "scope": "Namespaced"},
  "status": {
    "conditions": [
      {"lastTransitionTime": "2024-05-06T08:10:00Z", "message": "no conflicts found",
       "reason": "NoConflicts", "status": "True", "type": "NamesAccepted"},
      {"lastTransitionTime": "2024-05-06T08:10:00Z", "message": "the initial names have been accepted",
       "reason": "InitialNamesAccepted", "status": "True", "type": "Established"},
      {"lastTransitionTime": "2024-05-06T08:10:00Z",
       "message": "spec.versions[0].schema.openAPIV3Schema.type: Required value: must not be empty at the root",
       "reason": "Violations", "status": "True", "type": "NonStructuralSchema"}
    ]
  }
})json");

}  // namespace

TEST_CASE("health crd: established is healthy") {
  const Health health = crd_health(k_established);
  CHECK(health.state == HealthState::healthy);
  CHECK(health.message == "CRD is established");
}

TEST_CASE("health crd: installing is progressing") {
  const Health health = crd_health(k_installing);
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message ==
        "Waiting for the CRD to be established: Installing: the initial names have been accepted");
}

TEST_CASE("health crd: no conditions yet is progressing") {
  Json live = k_installing;
  live.erase("status");
  const Health health = crd_health(live);
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message == "Waiting for the CRD to be established");
}

TEST_CASE("health crd: names not accepted is degraded with the conflict") {
  const Health health = crd_health(k_names_conflict);
  CHECK(health.state == HealthState::degraded);
  CHECK(health.message ==
        "CRD names have not been accepted: ShortNamesConflict: \"wd\" is already in use");
}

TEST_CASE("health crd: not established for another reason is degraded") {
  Json live = k_names_conflict;
  live["status"]["conditions"].erase(0);
  const Health health = crd_health(live);
  CHECK(health.state == HealthState::degraded);
  CHECK(health.message == "CRD is not established: NotAccepted: not all names are accepted");
}

TEST_CASE("health crd: terminating is progressing") {
  const Health health = crd_health(k_terminating);
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message ==
        "CRD is being terminated: InstanceDeletionInProgress: CustomResource deletion is in "
        "progress");
}

TEST_CASE("health crd: a non-structural schema is degraded") {
  const Health health = crd_health(k_non_structural);
  CHECK(health.state == HealthState::degraded);
  CHECK(health.message.starts_with("CRD schema is not structural: Violations: "));
}
