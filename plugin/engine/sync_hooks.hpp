#pragma once

#include <string>
#include <vector>

#include "engine/sync.hpp"

namespace kgitops {

// PreSync, then Sync hooks, before the app's objects are written. False when
// one failed: SyncFail hooks have then run, and the sync stops there.
Result<bool> run_opening_hooks(Cluster& cluster, const LoadedApp& loaded,
                               const SyncOptions& options, SyncReport& report, SyncEvents& events);

// After the apply and prune of a sync that had changes: PostSync once every
// object is healthy, when all went well; SyncFail when not.
Result<void> run_closing_hooks(Cluster& cluster, const LoadedApp& loaded, bool changes,
                               const SyncOptions& options, SyncReport& report, SyncEvents& events);

// Why the first failed hook failed, for the inventory's last message.
std::string hook_failure_message(const SyncReport& report);

// The inventory's record of the hooks a sync ran.
std::vector<std::string> hook_run_lines(const std::vector<HookRun>& runs);

}  // namespace kgitops
