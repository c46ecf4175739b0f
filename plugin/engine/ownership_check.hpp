#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cluster/cluster.hpp"
#include "engine/app.hpp"
#include "engine/inventory.hpp"
#include "engine/reconcile.hpp"

namespace kgitops {

struct OwnershipOptions {
  bool adopt = false;      // take over existing objects no app owns (unmanaged, Helm, ...)
  bool take_over = false;  // move the app to another repository or path
};

// An object git declares that this app does not own yet.
struct Claim {
  ResourceKey key;
  std::string holder;  // "app shop", "Helm", "Argo CD", "unmanaged", "kubectl-gitops"
  std::string detail;  // how we know
};

// What ownership says of a sync before it writes anything.
struct OwnershipCheck {
  std::vector<Claim> adoptable;  // exist and no app owns them: --adopt takes them
  std::vector<Claim> conflicts;  // another app's, or kubectl-gitops' own: never taken
  std::string source_conflict;   // the app's inventory records another source
  // One line for each thing that stops a sync with these options, naming
  // the object and who holds it; none when it may go ahead.
  std::vector<std::string> problems(const OwnershipOptions& options) const;
  // The sync's refusal: the problems, or empty when there are none.
  std::string refusal(const std::string& app, const OwnershipOptions& options) const;
};

// Whether `app` names the repository and path the inventory recorded (the
// revision may change: that is a new commit, not a new source).
bool same_source(const Inventory& recorded, const AppSpec& app);

// Sorts one object git declares, with its live state if any: nullopt when
// the app owns it or it does not exist, else who holds it. `conflict` is set
// when no --adopt may take it. `other_inventories` maps objects to the other
// apps whose inventories list them.
struct Classified {
  Claim claim;
  bool conflict = false;
};
std::optional<Classified> classify_claim(
    const ObjectState& object, const std::string& app,
    const std::map<ResourceKey, std::vector<std::string>>& other_inventories);

// Looks for every object git declares that the app's label did not find
// (one list per namespace), pairs those that exist with their live state in
// `reconciliation`, and sorts every object the app does not plainly own.
// With options.adopt, adoptable objects are marked for adoption. Reads only.
Result<OwnershipCheck> check_ownership(Cluster& cluster, const Scope& scope,
                                       Reconciliation& reconciliation, const AppSpec& app,
                                       const std::optional<Inventory>& inventory,
                                       const OwnershipOptions& options);

}  // namespace kgitops
