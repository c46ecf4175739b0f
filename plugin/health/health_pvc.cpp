#include "health/health_fields.hpp"
#include "health/health_rules.hpp"

namespace kgitops::health {

Health pvc_health(const Json& live) {
  const std::string phase = string_at(live, {"status", "phase"});
  const std::string volume = string_at(live, {"spec", "volumeName"});
  if (phase == "Bound") {
    return {HealthState::healthy, "Bound to volume " + in_quotes(volume)};
  }
  if (phase == "Lost") {
    return {HealthState::degraded, "Lost its volume " + in_quotes(volume) + ": the volume is gone"};
  }
  if (phase == "Pending") {
    // Also the normal state of a WaitForFirstConsumer class until a Pod uses the claim.
    const std::string storage_class = string_at(live, {"spec", "storageClassName"});
    return {HealthState::progressing,
            "Waiting for a volume to be bound" +
                (storage_class.empty() ? std::string{}
                                       : " (storage class " + in_quotes(storage_class) + ")")};
  }
  return {HealthState::unknown,
          phase.empty() ? "PersistentVolumeClaim has no phase" : "Unexpected phase " + phase};
}

}  // namespace kgitops::health
