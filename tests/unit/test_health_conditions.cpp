#include <doctest/doctest.h>

#include "health/health_rules.hpp"
#include "recorded_object.hpp"

using namespace kgitops;
using health::conditions_health;
using kgitops::testing::patched;
using kgitops::testing::recorded;

namespace {

// `kubectl get kustomization apps -n flux-system -o json` after a good reconcile.
const Json k_flux_ready = recorded(R"json({
  "apiVersion": "kustomize.toolkit.fluxcd.io/v1",
  "kind": "Kustomization",
  "metadata": {"creationTimestamp": "2024-05-07T08:00:00Z", "finalizers": ["finalizers.fluxcd.io"],
               "generation": 3, "name": "apps", "namespace": "flux-system", "resourceVersion": "120500",
               "uid": "4b5c6d7e-8f90-4a1b-b2c3-d4e5f6a7b8c9"},
  "spec": {"interval": "10m", "path": "./apps", "prune": true,
           "sourceRef": {"kind": "GitRepository", "name": "flux-system"}},
  "status": {
    "conditions": [{
      "lastTransitionTime": "2024-05-07T08:01:12Z",
      "message": "Applied revision: main@sha1:3f7a2c1d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49",
      "observedGeneration": 3,
      "reason": "ReconciliationSucceeded",
      "status": "True",
      "type": "Ready"
    }],
    "inventory": {"entries": [{"id": "shop_web_apps_Deployment", "v": "v1"}]},
    "lastAppliedRevision": "main@sha1:3f7a2c1d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49",
    "lastAttemptedRevision": "main@sha1:3f7a2c1d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49",
    "observedGeneration": 3
  }
})json");

// The same Kustomization mid reconcile: Reconciling True, Ready Unknown.
const Json k_flux_reconciling = patched(k_flux_ready, R"json({
  "metadata": {"resourceVersion": "120480"},
  "status": {
    "conditions": [
      {"lastTransitionTime": "2024-05-07T08:01:00Z",
       "message": "Running health checks for revision main@sha1:3f7a2c1d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49 with a timeout of 5m0s",
       "observedGeneration": 3, "reason": "Progressing", "status": "True", "type": "Reconciling"},
      {"lastTransitionTime": "2024-05-07T08:01:00Z", "message": "Reconciliation in progress",
       "observedGeneration": 3, "reason": "Progressing", "status": "Unknown", "type": "Ready"}
    ]
  }
})json");

// Its next generation, whose dry-run the API server rejected.
const Json k_flux_failed = patched(k_flux_ready, R"json({
  "metadata": {"generation": 4, "resourceVersion": "121002"},
  "status": {
    "conditions": [{
      "lastTransitionTime": "2024-05-07T09:00:05Z",
      "message": "Deployment/shop/web dry-run failed: Deployment.apps \"web\" is invalid: spec.template.spec.containers[0].image: Required value",
      "observedGeneration": 4, "reason": "ReconciliationFailed", "status": "False", "type": "Ready"
    }],
    "observedGeneration": 4
  }
})json");

// A HelmRelease out of retries.
const Json k_flux_stalled = recorded(R"json({
  "apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
  "metadata": {"generation": 2, "name": "podinfo", "namespace": "apps", "resourceVersion": "122310"},
  "spec": {"chart": {"spec": {"chart": "podinfo", "sourceRef": {"kind": "HelmRepository", "name": "podinfo"}}},
           "interval": "5m", "upgrade": {"remediation": {"retries": 3}}},
  "status": {
    "conditions": [
      {"lastTransitionTime": "2024-05-07T10:12:00Z", "message": "Failed to upgrade after 3 attempt(s)",
       "observedGeneration": 2, "reason": "RetriesExceeded", "status": "True", "type": "Stalled"},
      {"lastTransitionTime": "2024-05-07T10:12:00Z",
       "message": "Helm upgrade failed for release apps/podinfo with chart podinfo@6.6.2: context deadline exceeded",
       "observedGeneration": 2, "reason": "UpgradeFailed", "status": "False", "type": "Ready"}
    ],
    "observedGeneration": 2
  }
})json");

// cert-manager, before the first issuance.
const Json k_certificate_issuing = recorded(R"json({
  "apiVersion": "cert-manager.io/v1", "kind": "Certificate",
  "metadata": {"generation": 1, "name": "shop-tls", "namespace": "shop", "resourceVersion": "123001"},
  "spec": {"dnsNames": ["shop.example.com"], "issuerRef": {"kind": "ClusterIssuer", "name": "letsencrypt"},
           "secretName": "shop-tls"},
  "status": {
    "conditions": [
      {"lastTransitionTime": "2024-05-07T11:00:00Z", "message": "Issuing certificate as Secret does not exist",
       "observedGeneration": 1, "reason": "DoesNotExist", "status": "False", "type": "Ready"},
      {"lastTransitionTime": "2024-05-07T11:00:00Z", "message": "Issuing certificate as Secret does not exist",
       "observedGeneration": 1, "reason": "DoesNotExist", "status": "True", "type": "Issuing"}
    ],
    "nextPrivateKeySecretName": "shop-tls-8xk2p"
  }
})json");

// An ACME issuer whose account cannot be registered.
const Json k_issuer_failed = recorded(R"json({
  "apiVersion": "cert-manager.io/v1", "kind": "ClusterIssuer",
  "metadata": {"generation": 1, "name": "letsencrypt", "resourceVersion": "122900"},
  "spec": {"acme": {"email": "ops@example.com", "privateKeySecretRef": {"name": "letsencrypt-account"},
                    "server": "https://acme-v02.api.letsencrypt.org/directory"}},
  "status": {
    "acme": {},
    "conditions": [{
      "lastTransitionTime": "2024-05-07T10:59:00Z",
      "message": "Failed to register ACME account: 400 urn:ietf:params:acme:error:invalidContact: Error creating new account :: invalid contact domain. Contact emails @example.com are forbidden",
      "observedGeneration": 1, "reason": "ErrRegisterACMEAccount", "status": "False", "type": "Ready"
    }]
  }
})json");

// `kubectl get configmap web-config -o json`: nothing to judge by.
const Json k_config_map = recorded(R"json({
  "apiVersion": "v1", "kind": "ConfigMap",
  "data": {"LOG_LEVEL": "info"},
  "metadata": {"creationTimestamp": "2024-05-02T09:14:31Z", "name": "web-config", "namespace": "shop",
               "resourceVersion": "48000", "uid": "7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f"}
})json");

// An HPA has conditions, none of them Ready.
const Json k_hpa = recorded(R"json({
  "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
  "metadata": {"name": "web", "namespace": "shop", "resourceVersion": "48600"},
  "spec": {"maxReplicas": 10, "minReplicas": 3,
           "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}},
  "status": {
    "conditions": [
      {"lastTransitionTime": "2024-05-02T09:15:00Z", "message": "recommended size matches current size",
       "reason": "ReadyForNewScale", "status": "True", "type": "AbleToScale"},
      {"lastTransitionTime": "2024-05-02T09:15:00Z",
       "message": "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)",
       "reason": "ValidMetricFound", "status": "True", "type": "ScalingActive"}
    ],
    "currentReplicas": 3, "desiredReplicas": 3
  }
})json");

}  // namespace

TEST_CASE("health conditions: Ready True is healthy with its message") {
  const Health health = conditions_health(k_flux_ready);
  CHECK(health.state == HealthState::healthy);
  CHECK(health.message ==
        "ReconciliationSucceeded: Applied revision: "
        "main@sha1:3f7a2c1d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49");
}

TEST_CASE("health conditions: Reconciling True is progressing") {
  const Health health = conditions_health(k_flux_reconciling);
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message.starts_with("Progressing: Running health checks for revision"));
}

TEST_CASE("health conditions: Ready False with a failure reason is degraded") {
  const Health health = conditions_health(k_flux_failed);
  CHECK(health.state == HealthState::degraded);
  CHECK(health.message.starts_with("ReconciliationFailed: Deployment/shop/web dry-run failed"));

  const Health issuer = conditions_health(k_issuer_failed);
  CHECK(issuer.state == HealthState::degraded);
  CHECK(issuer.message.starts_with("ErrRegisterACMEAccount: Failed to register ACME account"));
}

TEST_CASE("health conditions: Stalled True is degraded") {
  const Health health = conditions_health(k_flux_stalled);
  CHECK(health.state == HealthState::degraded);
  CHECK(health.message == "RetriesExceeded: Failed to upgrade after 3 attempt(s)");
}

TEST_CASE("health conditions: Ready False with a progress reason is progressing") {
  const Health health = conditions_health(k_certificate_issuing);
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message == "DoesNotExist: Issuing certificate as Secret does not exist");
}

TEST_CASE("health conditions: Ready Unknown is progressing") {
  Json live = k_flux_reconciling;
  live["status"]["conditions"].erase(0);
  const Health health = conditions_health(live);
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message == "Progressing: Reconciliation in progress");
}

TEST_CASE("health conditions: an unobserved generation is progressing") {
  Json live = k_flux_ready;
  live["metadata"]["generation"] = 4;
  const Health health = conditions_health(live);
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message == "Kustomization generation is 4, but latest observed generation is 3");
}

TEST_CASE("health conditions: a Ready condition of an older generation is progressing") {
  Json live = k_certificate_issuing;
  live["status"]["conditions"][0] = Json::parse(
      R"json({"lastTransitionTime": "2024-05-07T11:01:00Z", "message": "Certificate is up to date and has not expired",
          "observedGeneration": 1, "reason": "Ready", "status": "True", "type": "Ready"})json");
  live["metadata"]["generation"] = 2;
  const Health health = conditions_health(live);
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message ==
        "Waiting for the Ready condition of generation 2 (it is of generation 1)");
}

TEST_CASE("health conditions: no status at all is healthy") {
  const Health health = conditions_health(k_config_map);
  CHECK(health.state == HealthState::healthy);
  CHECK(health.message.empty());
}

TEST_CASE("health conditions: conditions without Ready, Stalled or Reconciling are healthy") {
  CHECK(conditions_health(k_hpa).state == HealthState::healthy);
}
