#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cluster/cluster.hpp"
#include "engine/health_wait.hpp"
#include "engine/inventory.hpp"
#include "engine/load_app.hpp"
#include "engine/ownership_check.hpp"
#include "engine/reconcile.hpp"
#include "git/git_source.hpp"

namespace kgitops {

// What every command that reads an app asks of the one pipeline.
struct AppComparisonOptions {
  KindSearch search = KindSearch::app;
  // Refuse, before the cluster is read, a commit that declares objects
  // outside the app's reach (sync, diff, prune, watch); status and audit
  // describe what is there whatever git declares.
  bool check_reach = true;
  // Look up what git declares that exists without the app's label, and
  // who holds it (what a sync would refuse, or need --adopt for).
  bool check_ownership = true;
  OwnershipOptions ownership{};  // --adopt marks adoptable objects for adoption
  // Lists answered from the agent's watch cache may lag: the objects a sync
  // would write are read again.
  LiveReads reads = LiveReads::fresh;
  // The app's inventory when the caller has read it already (status lists
  // every inventory): it is not read again. nullptr: read it.
  const std::optional<Inventory>* inventory = nullptr;
};

// What the cluster holds of an app already loaded from git.
struct ClusterComparison {
  std::optional<Inventory> inventory;  // nullopt: the app was never synced
  Reconciliation reconciliation;
  OwnershipCheck ownership;  // empty unless options.check_ownership
  // Set when git declares objects outside the app's reach: nothing but git
  // and discovery was read.
  std::string reach_refusal;
};

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

// The one pipeline of sync, diff, prune, status, audit and watch, for an app
// already loaded (watch keeps it for heals): the reach check, the inventory,
// the live objects paired with git's, and who owns what. Reads only.
Result<ClusterComparison> compare_loaded_app(Cluster& cluster, const LoadedApp& loaded,
                                             const AppSpec& app,
                                             const AppComparisonOptions& options = {});

// Loads the app from git, then compare_loaded_app. Reads only: the cluster
// is left as it was.
Result<AppComparison> compare_app(GitSource& git, Cluster& cluster, const AppSpec& app,
                                  const std::string& kubectl,
                                  const AppComparisonOptions& options = {});

// The health of every object git declares, from the live objects read (no
// request more); Missing for those the cluster does not have.
std::vector<ObjectHealth> declared_health(const Reconciliation& reconciliation);

}  // namespace kgitops
