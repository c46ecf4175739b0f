#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "cluster/cluster.hpp"
#include "engine/desired.hpp"
#include "engine/reconcile.hpp"

namespace kgitops {

// Deletes `live` only if its UID is still the one read (nobody replaced it
// meanwhile), waits until it is gone, at most `timeout`, and creates
// `desired` in its place: how a change of an immutable field is applied to
// an object that opts in to it.
Result<void> replace_object(Cluster& cluster, const DesiredObject& desired, const Json& live,
                            std::chrono::seconds timeout);

// A modified object whose change the server refuses because a field is
// immutable: a sync replaces it when it opts in, and fails otherwise.
struct ImmutableChange {
  ResourceKey key;
  std::vector<std::string> fields;
  bool replace_allowed = false;
};

// Sends every modified object of `reconciliation` as a server-side dry run
// and returns those refused on an immutable field. Writes nothing.
Result<std::vector<ImmutableChange>> find_immutable_changes(Cluster& cluster,
                                                            const Reconciliation& reconciliation);

}  // namespace kgitops
