#pragma once

#include <optional>
#include <string>

#include "engine/reconcile.hpp"

namespace kgitops {

// Another tool's mark of ownership on `live` (Helm, Argo CD, Flux, kapp,
// another ApplySet), described for a person, or nullopt when there is none.
// A mark this tool applied itself, because git declares it, is none.
std::optional<std::string> foreign_owner(const Json& live, const std::string& app);

// Whether prune may delete an object git no longer declares, and why.
struct PruneDecision {
  ResourceKey key;
  bool prune = false;
  std::string reason;
};

// Prune deletes only what both the inventory and the object's own tracking
// annotation say this app owns, that no other tool claims and that has not
// opted out. Everything else is kept, with the reason.
PruneDecision decide_prune(const ObjectState& object, const std::string& app);

}  // namespace kgitops
