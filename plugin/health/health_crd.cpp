#include "health/health_fields.hpp"
#include "health/health_rules.hpp"

namespace kgitops::health {

// The API server serves a CRD's resources once it is Established, which needs
// its names accepted (no clash with another CRD) first.
Health crd_health(const Json& live) {
  const auto terminating = condition_of(live, "Terminating");
  if (terminating && terminating->is_true()) {
    return {HealthState::progressing, "CRD is being terminated: " + describe(*terminating)};
  }
  const auto names = condition_of(live, "NamesAccepted");
  if (names && names->is_false()) {
    return {HealthState::degraded, "CRD names have not been accepted: " + describe(*names)};
  }
  const auto non_structural = condition_of(live, "NonStructuralSchema");
  if (non_structural && non_structural->is_true()) {
    return {HealthState::degraded, "CRD schema is not structural: " + describe(*non_structural)};
  }
  const auto established = condition_of(live, "Established");
  if (established && established->is_true()) {
    return {HealthState::healthy, "CRD is established"};
  }
  // "Installing" is the normal moment between creation and Established.
  if (established && established->is_false() && established->reason != "Installing") {
    return {HealthState::degraded, "CRD is not established: " + describe(*established)};
  }
  return {HealthState::progressing,
          "Waiting for the CRD to be established" +
              (established ? ": " + describe(*established) : std::string{})};
}

}  // namespace kgitops::health
