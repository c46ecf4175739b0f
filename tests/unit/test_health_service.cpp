#include <doctest/doctest.h>

#include "health/health_rules.hpp"
#include "recorded_object.hpp"

using namespace kgitops;
using health::service_health;
using kgitops::testing::patched;
using kgitops::testing::recorded;

namespace {

// `kubectl get service web -o json`.
const Json k_cluster_ip = recorded(R"json({
  "apiVersion": "v1",
  "kind": "Service",
  "metadata": {"creationTimestamp": "2024-05-02T09:14:31Z", "labels": {"app": "web"}, "name": "web",
               "namespace": "shop", "resourceVersion": "48001", "uid": "f0e1d2c3-b4a5-4968-8776-655443322110"},
  "spec": {
    "clusterIP": "10.96.112.40",
    "clusterIPs": ["10.96.112.40"],
    "internalTrafficPolicy": "Cluster",
    "ipFamilies": ["IPv4"],
    "ipFamilyPolicy": "SingleStack",
    "ports": [{"name": "http", "port": 80, "protocol": "TCP", "targetPort": 80}],
    "selector": {"app": "web"},
    "sessionAffinity": "None",
    "type": "ClusterIP"
  },
  "status": {"loadBalancer": {}}
})json");

// Type LoadBalancer before the cloud controller provisioned anything.
const Json k_load_balancer_pending = recorded(R"json({
  "apiVersion": "v1", "kind": "Service",
  "metadata": {"name": "web-public", "namespace": "shop", "resourceVersion": "48050"},
  "spec": {"allocateLoadBalancerNodePorts": true, "clusterIP": "10.96.7.201", "clusterIPs": ["10.96.7.201"],
           "externalTrafficPolicy": "Cluster", "internalTrafficPolicy": "Cluster", "ipFamilies": ["IPv4"],
           "ipFamilyPolicy": "SingleStack",
           "ports": [{"name": "https", "nodePort": 31443, "port": 443, "protocol": "TCP", "targetPort": 8443}],
           "selector": {"app": "web"}, "sessionAffinity": "None", "type": "LoadBalancer"},
  "status": {"loadBalancer": {}}
})json");

// The same Service after MetalLB assigned an address.
const Json k_load_balancer_ready = patched(k_load_balancer_pending, R"json({
  "metadata": {"resourceVersion": "48077"},
  "status": {"loadBalancer": {"ingress": [{"ip": "172.18.255.200", "ipMode": "VIP"}]}}
})json");

// An AWS load balancer reports a hostname.
const Json k_load_balancer_hostname = recorded(R"json({
  "apiVersion": "v1", "kind": "Service",
  "metadata": {"name": "api-public", "namespace": "shop", "resourceVersion": "48101"},
  "spec": {"clusterIP": "10.100.31.7", "ports": [{"port": 443, "protocol": "TCP", "targetPort": 8443}],
           "selector": {"app": "api"}, "type": "LoadBalancer"},
  "status": {"loadBalancer": {"ingress": [
    {"hostname": "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6-1234567890.eu-west-1.elb.amazonaws.com"}]}}
})json");

}  // namespace

TEST_CASE("health service: a ClusterIP service is healthy") {
  CHECK(service_health(k_cluster_ip).state == HealthState::healthy);
}

TEST_CASE("health service: a LoadBalancer without an ingress address is progressing") {
  const Health health = service_health(k_load_balancer_pending);
  CHECK(health.state == HealthState::progressing);
  CHECK(health.message == "Waiting for the load balancer to be assigned an address");
}

TEST_CASE("health service: a LoadBalancer with an ingress address is healthy") {
  const Health by_ip = service_health(k_load_balancer_ready);
  CHECK(by_ip.state == HealthState::healthy);
  CHECK(by_ip.message == "Load balancer at 172.18.255.200");

  const Health by_name = service_health(k_load_balancer_hostname);
  CHECK(by_name.state == HealthState::healthy);
  CHECK(by_name.message ==
        "Load balancer at a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6-1234567890.eu-west-1.elb.amazonaws.com");
}
