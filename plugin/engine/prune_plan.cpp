#include "engine/prune_plan.hpp"

#include "core/resource_key.hpp"

namespace kgitops {

bool PrunePlan::over_bound(const PruneBound& bound) const {
  const auto count = static_cast<double>(to_delete.size());
  return to_delete.size() > bound.max_objects &&
         count > bound.max_fraction * static_cast<double>(inventory_size);
}

PrunePlan plan_prune(const Reconciliation& reconciliation, const std::string& app,
                     std::size_t inventory_size, const PruneContext& context) {
  PrunePlan plan;
  plan.inventory_size = inventory_size;
  for (const auto& object : reconciliation.objects) {
    if (object.desired) {
      ++plan.desired_count;
      continue;
    }
    auto decision = decide_prune(object, app, context);
    if (decision.prune) {
      plan.to_delete.push_back(object);
    } else {
      plan.kept.push_back(std::move(decision));
    }
  }
  return plan;
}

std::string prune_refusal(const PrunePlan& plan, const PruneBound& bound, bool allow_empty,
                          bool confirmed) {
  if (plan.empties_app() && !allow_empty) {
    return "refusing to prune: git declares no objects at all, which would delete all " +
           std::to_string(plan.to_delete.size()) +
           " objects of the app (a failed or empty render must never delete production); "
           "pass --allow-empty if that is really intended";
  }
  if (plan.over_bound(bound) && !confirmed) {
    return "refusing to prune " + std::to_string(plan.to_delete.size()) + " of " +
           std::to_string(plan.inventory_size) + " objects: more than " +
           std::to_string(bound.max_objects) + " objects and more than " +
           std::to_string(static_cast<int>(bound.max_fraction * 100)) +
           "% of the app; review with 'kubectl gitops prune --dry-run' and pass "
           "--confirm-prune to go ahead";
  }
  return {};
}

}  // namespace kgitops
