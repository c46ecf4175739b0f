#pragma once

#include <string>

#include "core/object.hpp"

namespace kgitops {

// How an object is doing in the cluster, as Argo CD and kstatus judge it.
//
// Order of how bad each state is, worst first (what `worst` returns):
//   degraded > missing > unknown > progressing > suspended > healthy
//
// - degraded: the object reports a failure it will not recover from by waiting
//   (a crash-looping container, an exceeded progress deadline, a failed Job).
// - missing: git declares the object but the cluster does not have it.
// - unknown: the state cannot be told (e.g. a Pod whose node stopped reporting).
// - progressing: not there yet, but moving (a rollout, a pending volume).
// - suspended: deliberately paused by a user (a paused Deployment, a suspended Job).
// - healthy: nothing to wait for.
//
// Argo CD ranks unknown as the very worst, because there it mostly means that
// the assessment itself failed. Here a rule never fails: unknown only says that
// the object does not tell, so a known failure (degraded) or an object that is
// not there at all (missing) is the more urgent thing to show for a group.
enum class HealthState { healthy, progressing, suspended, degraded, missing, unknown };

struct Health {
  HealthState state = HealthState::unknown;
  std::string message;  // why, in kubectl's words where kubectl has some; may be empty
};

// Health of a `live` object as the API server returns it: dispatched by group
// and kind, with generic status conditions (kstatus) for every other kind.
Health assess_health(const Json& live);

// Health of an object that git declares and the cluster does not have.
Health missing_health();

// The worse of `a` and `b` in the order documented above.
HealthState worst(HealthState a, HealthState b);

// "Healthy", "Progressing", "Suspended", "Degraded", "Missing", "Unknown".
std::string to_string(HealthState state);

}  // namespace kgitops
