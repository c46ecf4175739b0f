#include "health/health_fields.hpp"
#include "health/health_rules.hpp"

namespace kgitops::health {

// An aggregated API is served once its Available condition is True. False
// usually means its backing Service has no ready endpoints yet (reasons
// MissingEndpoints, FailedDiscoveryCheck), which the rollout of that Service's
// Deployment fixes, so it is progressing, as Argo CD has it.
Health apiservice_health(const Json& live) {
  const auto available = condition_of(live, "Available");
  if (!available) {
    return {HealthState::progressing, "Waiting to be processed"};
  }
  if (available->is_true()) {
    return {HealthState::healthy, describe(*available)};
  }
  return {HealthState::progressing, "APIService is not available: " + describe(*available)};
}

}  // namespace kgitops::health
