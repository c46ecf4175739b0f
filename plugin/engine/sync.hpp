#pragma once

#include <chrono>
#include <functional>
#include <iosfwd>
#include <set>
#include <string>
#include <vector>

#include "engine/load_app.hpp"
#include "engine/prune_plan.hpp"
#include "engine/reconcile.hpp"

namespace kgitops {

struct SyncOptions {
  AppSpec app;
  bool prune = false;
  bool dry_run = false;      // server-side dry run: nothing is written
  bool allow_empty = false;  // allow a prune that empties the app
  bool confirm_prune = false;
  PruneBound prune_bound;
  std::chrono::seconds crd_timeout{60};
  std::string kubectl = "kubectl";
  // Drifted objects to leave as they are (watch stopped healing them: another
  // writer keeps changing them back). Still created when missing.
  std::set<ResourceKey> leave_drifted;
};

enum class ObjectAction { created, configured, pruned, prune_failed, failed };
std::string to_string(ObjectAction action);

struct ObjectOutcome {
  ResourceKey key;
  ObjectAction action;
  std::string detail;  // the error, for failures
};

struct SyncReport {
  std::string app;
  std::string commit;
  bool dry_run = false;
  std::vector<ObjectOutcome> outcomes;
  std::vector<PruneDecision> kept;  // extras that prune did not touch, with why
  std::size_t unchanged = 0;
  std::string refusal;  // set when a safety guard stopped the sync
  bool succeeded() const;
  std::size_t count(ObjectAction action) const;
};

// Applies what differs from git, in waves and kind order (Namespaces and CRDs
// first, CRDs waited on until Established), then, only if every apply
// succeeded and --prune was given, prunes what the app owns and git no longer
// declares, in reverse order. Unchanged objects are not written at all.
// `confirm` is asked when a prune is over the mass-deletion bound.
Result<SyncReport> run_sync(Cluster& cluster, GitSource& git, const SyncOptions& options,
                            const std::function<bool(const PrunePlan&)>& confirm,
                            std::ostream& log);

// As run_sync, for an app already loaded: watch keeps the loaded objects to
// heal single objects between syncs.
Result<SyncReport> sync_loaded_app(Cluster& cluster, const LoadedApp& loaded,
                                   const SyncOptions& options,
                                   const std::function<bool(const PrunePlan&)>& confirm,
                                   std::ostream& log);

}  // namespace kgitops
