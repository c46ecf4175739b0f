#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "core/resource_key.hpp"
#include "engine/health_wait.hpp"
#include "engine/hooks.hpp"
#include "engine/ownership.hpp"

namespace kgitops {

// replaced: deleted and created again, as a change of an immutable field
// needs, because the object opts in to it (see immutable_fields.hpp).
enum class ObjectAction { created, adopted, configured, replaced, pruned, prune_failed, failed };
std::string to_string(ObjectAction action);

struct ObjectOutcome {
  ResourceKey key;
  ObjectAction action;
  std::string detail;  // the error, for failures; why, for a dry run's creations and replacements
};

// Why a sync waits for the health of its objects.
enum class HealthWaitReason {
  wave,       // a wave starts only once the waves before it are healthy
  post_sync,  // PostSync hooks run only on a healthy app
  final,      // --wait
};

struct HealthWaitStart {
  HealthWaitReason reason = HealthWaitReason::final;
  int wave = 0;             // the wave that waits (reason wave)
  std::size_t objects = 0;  // how many objects are waited on
  std::chrono::seconds timeout{0};
};

// A wave of changed objects about to be applied.
struct WaveStart {
  int wave = 0;
  std::size_t changed = 0;
};

enum class HookStep {
  would_run,    // a dry run names it only
  running,      // created; its health is waited on
  finished,     // result says how it ended
  not_deleted,  // its delete policy could not be carried out; detail says why
};

struct HookEvent {
  HookStep step = HookStep::running;
  HookPhase phase = HookPhase::sync;
  ResourceKey key;
  std::string result;  // finished: "Succeeded" or "Failed"
  std::string detail;  // why it failed, or was not deleted
};

// What a sync does, told as it does it: the CLI prints each event, the watch
// logs and counts them. Every event has a do-nothing default, so a listener
// takes only those it cares for.
class SyncEvents {
 public:
  virtual ~SyncEvents() = default;
  // An object applied, replaced, pruned or failed (dry_run: nothing was written).
  virtual void object(const ObjectOutcome& /*outcome*/, bool /*dry_run*/) {}
  virtual void wave(const WaveStart& /*wave*/) {}
  virtual void health_wait(const HealthWaitStart& /*wait*/) {}
  // How a health wait ended.
  virtual void health(const HealthWaitResult& /*result*/) {}
  // Prune's decision on an object git no longer declares, before anything is deleted.
  virtual void prune_decision(const PruneDecision& /*decision*/) {}
  virtual void hook(const HookEvent& /*event*/) {}
};

// A listener that takes no event (callers that only want the report).
class IgnoredSyncEvents final : public SyncEvents {};

}  // namespace kgitops
