#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/reconcile.hpp"

namespace kgitops {

// Another tool's mark of ownership on a live object.
struct ForeignMark {
  std::string tool;    // "Helm", "Argo CD", "Flux", "kapp", "another ApplySet", a managed-by value
  std::string detail;  // "carries Argo CD's label app.kubernetes.io/instance"
};

// Another tool's mark of ownership on `live` (Helm, Argo CD, Flux, kapp,
// another ApplySet), or nullopt when there is none. A mark this tool applied
// itself, because git declares it, is none.
std::optional<ForeignMark> foreign_mark(const Json& live, const std::string& app);
// The same, described for a person.
std::optional<std::string> foreign_owner(const Json& live, const std::string& app);

// The app a live object names as its owner, by its label or its tracking
// annotation, when that is another app than `app`.
std::optional<std::string> other_app_of(const Json& live, const std::string& app);

// Whether a controller made `live` from another object (it has owner
// references, or it is a Service's Endpoints): such objects copy their
// owner's labels, the app's included, and follow their owner.
bool made_by_a_controller(const Json& live);

// Who holds `live`, for messages: "app shop", "Helm", "Argo CD", ..., or
// "unmanaged" when nothing claims it.
std::string holder_of(const Json& live, const std::string& app);

// Whether git may declare `key`: the inventory namespace and the apps'
// inventories belong to kubectl-gitops itself. Empty when it may, else why not.
std::string reserved_reason(const ResourceKey& key);

// What prune knows beyond one object: which members were adopted and what
// the Namespaces it would delete hold.
struct PruneContext {
  std::set<ResourceKey> adopted;              // existed before the app took them (--adopt)
  std::set<std::string> declared_namespaces;  // namespaces of objects git still declares
  // For each Namespace prune would delete, what in it is not this app's; a
  // Namespace missing here was not looked into, and is kept.
  std::map<std::string, std::vector<std::string>> namespace_strangers;
};

// Whether prune may delete an object git no longer declares, and why.
struct PruneDecision {
  ResourceKey key;
  bool prune = false;
  std::string reason;
};

// Prune deletes only what both the inventory and the object's own tracking
// annotation say this app owns, that no other tool claims and that has not
// opted out; a Namespace only if this app created it and it holds nothing
// else. Everything else is kept, with the reason.
PruneDecision decide_prune(const ObjectState& object, const std::string& app,
                           const PruneContext& context = {});

}  // namespace kgitops
