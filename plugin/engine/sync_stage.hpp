#pragma once

#include <iosfwd>
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
  std::ostream& log;
};

// Applies `objects` (all of one stage: none depends on another) and records
// each outcome. A change the server refuses on an immutable field replaces
// an object that opts in to it. In a dry run, an object that needs a
// Namespace or CRD the commit creates is reported as to be created, unsent.
Result<void> apply_stage(const SyncStage& stage, const std::vector<const ObjectState*>& objects);

}  // namespace kgitops
