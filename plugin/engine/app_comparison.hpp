#pragma once

#include <optional>
#include <string>

#include "cluster/cluster.hpp"
#include "engine/inventory.hpp"
#include "engine/load_app.hpp"
#include "engine/ownership_check.hpp"
#include "engine/reconcile.hpp"
#include "git/git_source.hpp"

namespace kgitops {

// An app as git declares it, paired with what the cluster holds and what its
// inventory records: what diff and prune --dry-run read, and never act on.
struct AppComparison {
  LoadedApp loaded;
  std::optional<Inventory> inventory;  // nullopt: the app was never synced
  Reconciliation reconciliation;
  OwnershipCheck ownership;  // what a sync would refuse, or need --adopt for
  // Set when git declares objects outside the app's reach: a sync would be
  // refused, and nothing but git and discovery was read.
  std::string reach_refusal;
};

// Loads the app from git, reads its inventory and reconciles the two with
// the live objects, including those git declares that exist without the
// app's label. Reads only: the cluster is left as it was.
Result<AppComparison> compare_app(GitSource& git, Cluster& cluster, const AppSpec& app,
                                  const std::string& kubectl, KindSearch search = KindSearch::app);

}  // namespace kgitops
