#pragma once

#include <cstddef>
#include <vector>

#include "engine/ownership.hpp"

namespace kgitops {

// The mass-deletion bound: a prune of more than `max_objects` objects that is
// also more than `max_fraction` of the inventory needs explicit confirmation.
struct PruneBound {
  std::size_t max_objects = 10;
  double max_fraction = 0.25;
};

struct PrunePlan {
  std::vector<ObjectState> to_delete;  // in prune order (reverse apply order)
  std::vector<PruneDecision> kept;     // extras prune will not touch, with why
  std::size_t desired_count = 0;
  std::size_t inventory_size = 0;

  bool over_bound(const PruneBound& bound) const;
  bool empties_app() const { return desired_count == 0 && !to_delete.empty(); }
};

PrunePlan plan_prune(const Reconciliation& reconciliation, const std::string& app,
                     std::size_t inventory_size, const PruneContext& context = {});

// Why this plan must not run without the user's word, or empty when it may:
// an empty render that would delete everything, or a prune over the bound.
std::string prune_refusal(const PrunePlan& plan, const PruneBound& bound, bool allow_empty,
                          bool confirmed);

}  // namespace kgitops
