#pragma once

#include "core/object.hpp"
#include "engine/sync.hpp"

namespace kgitops {

// What a sync did (or, in a dry run, would do), as the versioned
// "SyncReport" document of `sync -o json|yaml` (docs/output.md).
Json sync_to_json(const SyncReport& report);

// The stable names of an action in documents: "created", "pruneFailed", ...
std::string action_name(ObjectAction action);

// The stable names of how a health wait ended: "Healthy", "Degraded", "TimedOut".
std::string health_outcome_name(HealthWaitOutcome outcome);

// One object's health: object_fields plus "health" and "message".
Json object_health_json(const ObjectHealth& object);

}  // namespace kgitops
