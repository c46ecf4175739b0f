#include "health/health_fields.hpp"
#include "health/health_rules.hpp"

namespace kgitops::health {

// The ingress controller writes the address it serves the Ingress on into
// status.loadBalancer.ingress; until then nothing routes to it.
Health ingress_health(const Json& live) {
  const auto addresses = load_balancer_addresses(live);
  if (addresses.empty()) {
    return {HealthState::progressing, "Waiting for the ingress controller to assign an address"};
  }
  return {HealthState::healthy, "Served at " + join(addresses, ", ")};
}

}  // namespace kgitops::health
