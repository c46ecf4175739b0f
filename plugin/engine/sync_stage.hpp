#pragma once

#include <vector>

#include "engine/commit_prerequisites.hpp"
#include "engine/sync.hpp"

namespace kgitops {

// What every stage of one sync shares.
struct SyncStage {
  Cluster& cluster;
  const Scope& scope;
  const SyncOptions& options;
  // In a dry run, what the commit creates that the server cannot check yet.
  const CommitPrerequisites* prerequisites;
  SyncReport& report;
  SyncEvents& events;
};

// Applies `objects` (all of one stage: none depends on another) and records
// each outcome. A change the server refuses on an immutable field replaces
// an object that opts in to it. In a dry run, an object that needs a
// Namespace or CRD the commit creates is reported as to be created, unsent.
Result<void> apply_stage(const SyncStage& stage, const std::vector<const ObjectState*>& objects);

// Applies the changed objects of `reconciliation` wave by wave (a wave
// starts only when the waves before it are healthy); within a wave,
// Namespaces and CRDs first (CRDs waited on until Established), then
// everything else.
Result<void> apply_changes(const SyncStage& stage, const Reconciliation& reconciliation);

// Waits for the health of `keys`, told as `start` says, and records the
// outcome in the report (report.health, and each object's newer health).
// Callers report the outcome: the CLI and the watch each in their own words.
Result<void> wait_for_objects(Cluster& cluster, const Scope& scope,
                              const std::vector<ResourceKey>& keys, const SyncOptions& options,
                              HealthWaitStart start, SyncReport& report, SyncEvents& events);

}  // namespace kgitops
