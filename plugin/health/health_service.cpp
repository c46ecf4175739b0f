#include "health/health_fields.hpp"
#include "health/health_rules.hpp"

namespace kgitops::health {

// Only a LoadBalancer waits on something outside the cluster: the cloud's
// load balancer, whose address lands in status.loadBalancer.ingress.
Health service_health(const Json& live) {
  if (string_at(live, {"spec", "type"}) != "LoadBalancer") {
    return {HealthState::healthy, ""};
  }
  const auto addresses = load_balancer_addresses(live);
  if (addresses.empty()) {
    return {HealthState::progressing, "Waiting for the load balancer to be assigned an address"};
  }
  return {HealthState::healthy, "Load balancer at " + join(addresses, ", ")};
}

}  // namespace kgitops::health
