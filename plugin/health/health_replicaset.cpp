#include "health/health_fields.hpp"
#include "health/health_rules.hpp"

namespace kgitops::health {

Health replicaset_health(const Json& live) {
  const std::int64_t generation = int_at_or(live, {"metadata", "generation"}, 0);
  const std::int64_t observed = int_at_or(live, {"status", "observedGeneration"}, 0);
  if (observed < generation) {
    return {HealthState::progressing,
            "Waiting for rollout to finish: observed replica set generation less than desired "
            "generation"};
  }

  // Set when Pods cannot be created at all: a quota, a missing service
  // account, an admission webhook saying no.
  const auto failure = condition_of(live, "ReplicaFailure");
  if (failure && failure->is_true()) {
    return {HealthState::degraded, describe(*failure)};
  }

  const std::int64_t desired = int_at_or(live, {"spec", "replicas"}, 1);
  const std::int64_t available = int_at_or(live, {"status", "availableReplicas"}, 0);
  if (available < desired) {
    return {HealthState::progressing,
            "Waiting for rollout to finish: " + std::to_string(available) + " out of " +
                std::to_string(desired) + " new replicas are available..."};
  }
  return {HealthState::healthy,
          std::to_string(available) + " of " + std::to_string(desired) + " replicas available"};
}

}  // namespace kgitops::health
