#pragma once

#include <optional>
#include <string>

#include "cluster/cluster.hpp"
#include "engine/inventory.hpp"
#include "engine/ownership.hpp"
#include "engine/scope.hpp"

namespace kgitops {

// What decide_prune needs beyond each object: the inventory's adopted
// members, the namespaces git still uses and, for every Namespace the app
// created and git dropped, what it holds (one list of every kind in it).
PruneContext load_prune_context(Cluster& cluster, const Scope& scope,
                                const Reconciliation& reconciliation,
                                const std::optional<Inventory>& inventory, const std::string& app);

}  // namespace kgitops
