#pragma once

#include <string>
#include <vector>

#include "engine/desired.hpp"
#include "engine/prune_plan.hpp"
#include "engine/reach.hpp"
#include "engine/scope.hpp"

namespace kgitops {

// An object git declares that lies outside the app's reach, and why.
struct ReachViolation {
  ResourceKey key;
  SourceLocation source;
  std::string rule;  // the rules it breaks
};

// Every object of `desired` outside `reach`, in the order given.
std::vector<ReachViolation> outside_reach(const std::vector<DesiredObject>& desired,
                                          const Reach& reach);

// The refusal of a sync of `app` that declares objects outside its reach,
// naming each object, where git declares it and the rule it breaks; empty
// when every object is within reach. Checked before any write.
std::string reach_refusal(const std::string& app, const std::vector<DesiredObject>& desired,
                          const Reach& reach);

// Moves the objects of `plan` outside `reach` from to_delete to kept, with
// the rule as the reason: prune never deletes beyond what the app may write.
void keep_within_reach(PrunePlan& plan, const Scope& scope, const Reach& reach);

}  // namespace kgitops
