#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/compare.hpp"
#include "engine/desired.hpp"
#include "engine/field_paths.hpp"

namespace kgitops {

enum class SyncState {
  in_sync,   // live matches git
  modified,  // live differs from git (drift, or a new commit)
  missing,   // git declares it, the cluster does not have it
  extra,     // carries the app's label, git no longer declares it
};

std::string to_string(SyncState state);

// One field where the live object differs from git, and who set it there.
struct DriftedField {
  std::string path;  // "spec.template.spec.containers[name=web].image"
  // Who changed it, from managedFields; nullopt when no manager but git's
  // own apply owns it.
  std::optional<FieldOwner> owner;
};

struct ComparisonOptions {
  bool display = false;  // also build both sides as a diff shows them
};

// How one live object compares with git.
struct ObjectComparison {
  SyncState state = SyncState::in_sync;  // in_sync or modified
  std::vector<DriftedField> drift;       // the differing fields; empty when in sync
  // Both sides as a diff shows them (Secret values masked, bookkeeping
  // annotations left out); with options.display only.
  std::optional<DisplayPair> display;
};

// The one comparison of diff, sync, heal and audit: git's object (a Secret's
// stringData folded into data) against the part of the live object that
// matters, ignoring what the server and other controllers own (see
// field_projection.hpp); the drifted fields name their owner from managedFields.
ObjectComparison compare(const DesiredObject& desired, const Json& live,
                         const ComparisonOptions& options = {});

// `object` without the applied-manifest hash annotation: it changes with
// every edit, and the fields themselves say more in a diff.
Json without_bookkeeping(Json object);

}  // namespace kgitops
