#include "health/health_fields.hpp"
#include "health/health_rules.hpp"

namespace kgitops::health {
namespace {

std::string counts(const Json& live) {
  return std::to_string(int_at_or(live, {"status", "active"}, 0)) + " active, " +
         std::to_string(int_at_or(live, {"status", "succeeded"}, 0)) + " succeeded, " +
         std::to_string(int_at_or(live, {"status", "failed"}, 0)) + " failed";
}

}  // namespace

Health job_health(const Json& live) {
  // FailureTarget comes first (Kubernetes 1.31+) while the last Pods are
  // terminated; Failed follows without fail.
  for (const char* type : {"Failed", "FailureTarget"}) {
    const auto failed = condition_of(live, type);
    if (failed && failed->is_true()) {
      return {HealthState::degraded, "Job failed: " + describe(*failed)};
    }
  }
  const auto complete = condition_of(live, "Complete");
  if (complete && complete->is_true()) {
    return {HealthState::healthy, "Job completed: " + counts(live)};
  }
  if (bool_at(live, {"spec", "suspend"})) {
    return {HealthState::suspended, "Job is suspended"};
  }
  if (string_at(live, {"status", "startTime"}).empty()) {
    return {HealthState::progressing, "Job has not started"};
  }
  return {HealthState::progressing, "Job is running: " + counts(live)};
}

}  // namespace kgitops::health
