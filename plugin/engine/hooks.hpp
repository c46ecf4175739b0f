#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "cluster/cluster.hpp"
#include "core/defaults.hpp"
#include "engine/desired.hpp"
#include "engine/health_wait.hpp"

namespace kgitops {

class SyncEvents;

// When a hook runs in a sync. PreSync before anything else is written, Sync
// with the apply (after PreSync, before the first wave), PostSync once every
// wave is applied and healthy, SyncFail when the sync failed.
enum class HookPhase { pre_sync, sync, post_sync, sync_fail };
std::string to_string(HookPhase phase);

// Which finished hooks are deleted, and whether an old one is deleted before
// a new run (BeforeHookCreation, the default when none is named).
struct HookDeletePolicy {
  bool before_creation = false;
  bool succeeded = false;
  bool failed = false;
};

struct Hook {
  DesiredObject object;  // metadata.name may be empty: metadata.generateName names it
  HookPhase phase = HookPhase::sync;
  HookDeletePolicy delete_policy;
};

// Whether `object` is marked as a hook (ours or Argo CD's annotation).
bool is_hook(const Json& object);

// Takes the hooks out of `desired`: they are run at their phase, never
// applied with the app nor recorded in its inventory. Fails on a phase or
// delete policy nobody knows.
Result<std::vector<Hook>> take_hooks(std::vector<DesiredObject>& desired);

// One run of a hook: its name (as created), phase, result and when it ended.
struct HookRun {
  ResourceKey key;
  HookPhase phase = HookPhase::sync;
  std::string result;  // "Succeeded", "Failed", "Skipped (dry run)"
  std::string detail;  // why it failed
  std::string finished_at;
};

struct HookRunOptions {
  std::string app;
  bool dry_run = false;
  HealthWaitOptions health;  // how long a hook may take to be healthy
  std::chrono::seconds replace_timeout = defaults::k_replace_timeout;
  HealthProgress* progress = nullptr;
};

// Runs the hooks of `phase` one after the other, each created and waited on
// until healthy (a Job until Complete), and deleted as its policy says.
// Stops at the first failure. A dry run only says which would run. Returns
// whether every hook of the phase succeeded; each step is told to `events`.
Result<bool> run_hooks(Cluster& cluster, const Scope& scope, const std::vector<Hook>& hooks,
                       HookPhase phase, const HookRunOptions& options, std::vector<HookRun>& runs,
                       SyncEvents& events);

}  // namespace kgitops
