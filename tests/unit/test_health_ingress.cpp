#include <doctest/doctest.h>

#include "health/health_rules.hpp"
#include "recorded_object.hpp"

using namespace kgitops;
using health::ingress_health;
using kgitops::testing::patched;
using kgitops::testing::recorded;

namespace {

// `kubectl get ingress web -o json` once ingress-nginx published its address.
const Json k_served = recorded(R"json({
  "apiVersion": "networking.k8s.io/v1",
  "kind": "Ingress",
  "metadata": {"creationTimestamp": "2024-05-02T09:14:31Z", "generation": 1, "name": "web",
               "namespace": "shop", "resourceVersion": "48300", "uid": "9a8b7c6d-5e4f-4321-a0b9-c8d7e6f5a4b3"},
  "spec": {
    "ingressClassName": "nginx",
    "rules": [{"host": "shop.example.com",
               "http": {"paths": [{"backend": {"service": {"name": "web", "port": {"number": 80}}},
                                   "path": "/", "pathType": "Prefix"}]}}],
    "tls": [{"hosts": ["shop.example.com"], "secretName": "shop-tls"}]
  },
  "status": {"loadBalancer": {"ingress": [{"ip": "172.18.255.201"}]}}
})json");

// Before the controller picked it up.
const Json k_unassigned = patched(k_served, R"json({
  "metadata": {"resourceVersion": "48280"},
  "status": {"loadBalancer": {"ingress": null}}
})json");

}  // namespace

TEST_CASE("health ingress: an address from the controller is healthy") {
  const Health health = ingress_health(k_served);
  CHECK(health.state == HealthState::healthy);
  CHECK(health.message == "Served at 172.18.255.201");
}

TEST_CASE("health ingress: no address yet is progressing") {
  const Health health = ingress_health(k_unassigned);
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message == "Waiting for the ingress controller to assign an address");

  Json empty_list = k_unassigned;
  empty_list["status"]["loadBalancer"]["ingress"] = Json::array();
  CHECK(ingress_health(empty_list).state == HealthState::progressing);
}
