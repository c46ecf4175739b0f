#include "health/health_fields.hpp"
#include "health/health_rules.hpp"

namespace kgitops::health {
namespace {

// The deployment controller copies a ReplicaSet's ReplicaFailure (e.g. a quota
// refusing new Pods) onto the Deployment; the progress deadline turns it into
// a failure later, until then it tells why the rollout is stuck.
Health waiting(const Json& live, std::string message) {
  const auto failure = condition_of(live, "ReplicaFailure");
  if (failure && failure->is_true()) {
    message += " (" + describe(*failure) + ")";
  }
  return {HealthState::progressing, std::move(message)};
}

}  // namespace

// The checks and messages of `kubectl rollout status deployment`.
Health deployment_health(const Json& live) {
  const std::string name = in_quotes(name_of(live));
  if (bool_at(live, {"spec", "paused"})) {
    return {HealthState::suspended, "Deployment " + name + " is paused"};
  }

  const std::int64_t generation = int_at_or(live, {"metadata", "generation"}, 0);
  const std::int64_t observed = int_at_or(live, {"status", "observedGeneration"}, 0);
  if (observed < generation) {
    return {HealthState::progressing, "Waiting for rollout to be observed: generation " +
                                          std::to_string(generation) + ", observed generation " +
                                          std::to_string(observed)};
  }

  const auto progressing = condition_of(live, "Progressing");
  if (progressing && progressing->reason == "ProgressDeadlineExceeded") {
    std::string message = "Deployment " + name + " exceeded its progress deadline";
    if (!progressing->message.empty()) {
      message += ": " + progressing->message;
    }
    return {HealthState::degraded, message};
  }

  // The API server defaults spec.replicas to 1.
  const std::int64_t desired = int_at_or(live, {"spec", "replicas"}, 1);
  const std::int64_t replicas = int_at_or(live, {"status", "replicas"}, 0);
  const std::int64_t updated = int_at_or(live, {"status", "updatedReplicas"}, 0);
  const std::int64_t available = int_at_or(live, {"status", "availableReplicas"}, 0);
  if (updated < desired) {
    return waiting(live, "Waiting for rollout to finish: " + std::to_string(updated) + " out of " +
                             std::to_string(desired) + " new replicas have been updated...");
  }
  if (replicas > updated) {
    return waiting(live, "Waiting for rollout to finish: " + std::to_string(replicas - updated) +
                             " old replicas are pending termination...");
  }
  if (available < updated) {
    return waiting(live, "Waiting for rollout to finish: " + std::to_string(available) + " of " +
                             std::to_string(updated) + " updated replicas are available...");
  }
  return {HealthState::healthy, "Deployment " + name +
                                    " successfully rolled out: " + std::to_string(available) +
                                    " of " + std::to_string(desired) + " replicas available"};
}

}  // namespace kgitops::health
