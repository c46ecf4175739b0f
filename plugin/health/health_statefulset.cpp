#include "health/health_fields.hpp"
#include "health/health_rules.hpp"

namespace kgitops::health {

// The checks and messages of `kubectl rollout status statefulset`, which also
// covers what kubectl refuses: OnDelete, where pods change only when deleted.
Health statefulset_health(const Json& live) {
  const std::int64_t generation = int_at_or(live, {"metadata", "generation"}, 0);
  const std::int64_t observed = int_at_or(live, {"status", "observedGeneration"}, 0);
  if (observed == 0 || observed < generation) {
    return {HealthState::progressing, "Waiting for statefulset spec update to be observed..."};
  }

  const std::int64_t desired = int_at_or(live, {"spec", "replicas"}, 1);
  const std::int64_t replicas = int_at_or(live, {"status", "replicas"}, 0);
  const std::int64_t ready = int_at_or(live, {"status", "readyReplicas"}, 0);
  const std::int64_t updated = int_at_or(live, {"status", "updatedReplicas"}, 0);
  if (ready < desired) {
    return {HealthState::progressing, "Waiting for " + std::to_string(desired - ready) +
                                          " pods to be ready... (" + std::to_string(ready) +
                                          " of " + std::to_string(desired) + " ready)"};
  }
  if (replicas > desired) {
    return {HealthState::progressing,
            "Waiting for " + std::to_string(replicas - desired) + " pods to be terminated..."};
  }

  // OnDelete: the controller replaces a pod only when someone deletes it, so
  // the rollout is as done as it can be once every pod is ready.
  if (string_at(live, {"spec", "updateStrategy", "type"}) == "OnDelete") {
    return {HealthState::healthy,
            "statefulset has " + std::to_string(ready) + " ready pods (OnDelete update strategy, " +
                std::to_string(updated) + " of " + std::to_string(desired) + " pods updated)"};
  }

  // A partition keeps the pods below it on the old revision on purpose.
  const std::int64_t partition =
      int_at_or(live, {"spec", "updateStrategy", "rollingUpdate", "partition"}, 0);
  if (partition > 0) {
    const std::int64_t expected = desired > partition ? desired - partition : 0;
    if (updated < expected) {
      return {HealthState::progressing,
              "Waiting for partitioned roll out to finish: " + std::to_string(updated) +
                  " out of " + std::to_string(expected) + " new pods have been updated..."};
    }
    return {HealthState::healthy, "partitioned roll out complete: " + std::to_string(updated) +
                                      " new pods have been updated..."};
  }

  const std::string update_revision = string_at(live, {"status", "updateRevision"});
  const std::string current_revision = string_at(live, {"status", "currentRevision"});
  if (update_revision != current_revision) {
    return {HealthState::progressing, "waiting for statefulset rolling update to complete " +
                                          std::to_string(updated) + " pods at revision " +
                                          update_revision + "..."};
  }
  return {HealthState::healthy,
          "statefulset rolling update complete " +
              std::to_string(int_at_or(live, {"status", "currentReplicas"}, 0)) +
              " pods at revision " + current_revision + "..."};
}

}  // namespace kgitops::health
