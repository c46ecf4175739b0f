#include "health/health_fields.hpp"
#include "health/health_rules.hpp"

namespace kgitops::health {

// The checks and messages of `kubectl rollout status daemonset`, which also
// covers what kubectl refuses: OnDelete, where pods change only when deleted.
Health daemonset_health(const Json& live) {
  const std::string name = in_quotes(name_of(live));
  const std::int64_t generation = int_at_or(live, {"metadata", "generation"}, 0);
  const std::int64_t observed = int_at_or(live, {"status", "observedGeneration"}, 0);
  if (observed < generation) {
    return {HealthState::progressing, "Waiting for daemon set spec update to be observed..."};
  }

  const std::int64_t desired = int_at_or(live, {"status", "desiredNumberScheduled"}, 0);
  const std::int64_t updated = int_at_or(live, {"status", "updatedNumberScheduled"}, 0);
  const std::int64_t available = int_at_or(live, {"status", "numberAvailable"}, 0);

  // OnDelete: old pods stay until someone deletes them, so only availability
  // can be waited for.
  if (string_at(live, {"spec", "updateStrategy", "type"}) == "OnDelete") {
    if (available < desired) {
      return {HealthState::progressing, "Waiting for daemon set " + name + ": " +
                                            std::to_string(available) + " of " +
                                            std::to_string(desired) + " pods are available..."};
    }
    return {HealthState::healthy, "daemon set " + name + " has " + std::to_string(available) +
                                      " available pods (OnDelete update strategy, " +
                                      std::to_string(updated) + " of " + std::to_string(desired) +
                                      " pods updated)"};
  }

  if (updated < desired) {
    return {HealthState::progressing,
            "Waiting for daemon set " + name + " rollout to finish: " + std::to_string(updated) +
                " out of " + std::to_string(desired) + " new pods have been updated..."};
  }
  if (available < desired) {
    return {HealthState::progressing,
            "Waiting for daemon set " + name + " rollout to finish: " + std::to_string(available) +
                " of " + std::to_string(desired) + " updated pods are available..."};
  }
  return {HealthState::healthy, "daemon set " + name +
                                    " successfully rolled out: " + std::to_string(available) +
                                    " of " + std::to_string(desired) + " pods available"};
}

}  // namespace kgitops::health
