#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/defaults.hpp"
#include "engine/app_comparison.hpp"
#include "engine/health_wait.hpp"
#include "engine/load_app.hpp"
#include "engine/ownership_check.hpp"
#include "engine/prune_plan.hpp"
#include "engine/reconcile.hpp"
#include "engine/sync_events.hpp"

namespace kgitops {

struct SyncOptions {
  AppSpec app;
  bool prune = false;
  bool dry_run = false;      // server-side dry run: nothing is written
  bool allow_empty = false;  // allow a prune that empties the app
  bool confirm_prune = false;
  OwnershipOptions ownership;  // --adopt, --take-over
  PruneBound prune_bound;
  std::chrono::seconds crd_timeout = defaults::k_crd_timeout;
  // How long a replaced object (deleted to change an immutable field) may
  // take to be gone before it is created again.
  std::chrono::seconds replace_timeout = defaults::k_replace_timeout;
  // Waves: a wave is applied only once every object of the waves before it
  // is healthy (as in Argo CD), within health.timeout. With `wait`, the sync
  // also waits for every object to be healthy after the last wave.
  bool wait = false;
  HealthWaitOptions health;
  HealthProgress* progress = nullptr;  // where waits show progress; nullptr: nowhere
  std::string kubectl = "kubectl";
  // Drifted objects to leave as they are (watch stopped healing them: another
  // writer keeps changing them back). Still created when missing.
  std::set<ResourceKey> leave_drifted;
  // The watch agent syncing, stamped on the inventory (so a second agent on
  // the app is noticed); empty, as for a sync by hand, keeps the stamp there.
  std::string agent;
};

struct SyncReport {
  std::string app;
  std::string commit;
  bool dry_run = false;
  std::vector<ObjectOutcome> outcomes;
  std::vector<PruneDecision> kept;  // extras that prune did not touch, with why
  std::size_t unchanged = 0;
  std::string refusal;       // set when a safety guard stopped the sync
  OwnershipCheck ownership;  // what exists without being this app's, and who holds it
  // The last health wait (between waves, or --wait), when one ran; a wait
  // that did not end healthy fails the sync.
  std::optional<HealthWaitResult> health;
  // Every object's health as this sync last saw it: from the health wait
  // when one ran, else from the live objects read before applying.
  std::vector<ObjectHealth> object_health;
  // The hooks this sync ran (or, in a dry run, would run), in order; a failed
  // one fails the sync.
  std::vector<HookRun> hook_runs;
  bool hook_failed() const;
  bool healthy() const;
  bool succeeded() const;
  std::size_t count(ObjectAction action) const;
  // What failed first, as "<object>: <why>": a failed apply or prune, else
  // the object that kept a health wait from ending healthy; empty when none.
  std::string first_failure() const;
};

// Hooks run only when the sync has something to write: PreSync first (a
// failure stops the sync before anything else is written and nothing is
// pruned), then Sync, the waves, prune, PostSync once every object is
// healthy; SyncFail when any of it failed.
//
// Applies what differs from git, in waves and kind order (Namespaces and CRDs
// first, CRDs waited on until Established; each wave after the previous one
// is healthy), then, only if every apply succeeded and --prune was given,
// prunes what the app owns and git no longer declares. Unchanged objects are
// not written at all. With options.wait, waits for every object's health last.
// `confirm` is asked when a prune is over the mass-deletion bound. What it
// does is told to `events` as it does it.
Result<SyncReport> run_sync(Cluster& cluster, GitSource& git, const SyncOptions& options,
                            const std::function<bool(const PrunePlan&)>& confirm,
                            SyncEvents& events);

// As run_sync, for an app already loaded: watch keeps the loaded objects to
// heal single objects between syncs.
Result<SyncReport> sync_loaded_app(Cluster& cluster, const LoadedApp& loaded,
                                   const SyncOptions& options,
                                   const std::function<bool(const PrunePlan&)>& confirm,
                                   SyncEvents& events);

// As sync_loaded_app, once compare_loaded_app (with options.ownership, and
// ownership checked) has compared the app with the cluster.
Result<SyncReport> sync_compared_app(Cluster& cluster, const LoadedApp& loaded,
                                     ClusterComparison compared, const SyncOptions& options,
                                     const std::function<bool(const PrunePlan&)>& confirm,
                                     SyncEvents& events);

}  // namespace kgitops
