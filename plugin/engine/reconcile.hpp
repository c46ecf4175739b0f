#pragma once

#include <optional>
#include <vector>

#include "cluster/cluster.hpp"
#include "engine/desired.hpp"
#include "engine/inventory.hpp"
#include "engine/object_comparison.hpp"

namespace kgitops {

// One desired object, one live object, or both: the unit that diff, sync,
// prune and audit all work from.
struct ObjectState {
  ResourceKey key;
  SyncState state = SyncState::in_sync;
  std::optional<DesiredObject> desired;
  std::optional<Json> live;
  bool in_inventory = false;
  // It exists but was not this app's: the sync adopts it (--adopt).
  bool adopt = false;
  // Where a Modified object differs from git, and who set each field.
  std::vector<DriftedField> drift;
};

struct Reconciliation {
  std::vector<ObjectState> objects;  // desired ones in apply order, then extras
  std::size_t count(SyncState state) const;
  bool in_sync() const;
};

// Pairs `object` (git's side) with `live` and compares the two.
void pair_with_live(ObjectState& object, const Json& live,
                    const std::vector<std::string>& ignore_managers);

// The paths of compare()'s drifted fields ("spec.replicas",
// "spec.template.spec.containers[name=web].image").
std::vector<std::string> drifted_fields(const DesiredObject& desired, const Json& live);

// Pairs desired and live objects by ResourceKey. Pure: no cluster access.
// Fields owned by `ignore_managers` in the live object are dropped from the
// desired one first, so they are neither compared nor applied.
Reconciliation pair_objects(const std::vector<DesiredObject>& desired,
                            const std::vector<Json>& live,
                            const std::optional<Inventory>& inventory,
                            const std::vector<std::string>& ignore_managers = {});

// Which kinds reconcile lists the app's objects in.
enum class KindSearch {
  app,    // the kinds git declares and the inventory records: enough to sync and prune
  every,  // every kind the cluster lets list: finds copies of the app's label anywhere
};

// Where the live objects a reconcile lists come from.
enum class LiveReads {
  fresh,    // the server's answer to each list
  may_lag,  // a watch's cache (the agent's): it may lag by the events in flight
};

// Reads the app's live objects (one list request per kind, by the app's
// label) and pairs them with `desired`. When they may lag, every object a
// sync would write (Modified, or an extra it would prune) is read again
// before it is paired: nothing acts on an object as it was.
Result<Reconciliation> reconcile(Cluster& cluster, const Scope& scope,
                                 const std::vector<DesiredObject>& desired,
                                 const std::optional<Inventory>& inventory, const AppSpec& app,
                                 KindSearch search = KindSearch::app,
                                 LiveReads reads = LiveReads::fresh);

}  // namespace kgitops
