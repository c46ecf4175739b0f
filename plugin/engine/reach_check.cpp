#include "engine/reach_check.hpp"

#include <algorithm>

namespace kgitops {

std::vector<ReachViolation> outside_reach(const std::vector<DesiredObject>& desired,
                                          const Reach& reach) {
  std::vector<ReachViolation> violations;
  for (const auto& object : desired) {
    if (auto rule = reach_violation(object.key, object.resource.namespaced, reach)) {
      violations.push_back({object.key, object.source, std::move(*rule)});
    }
  }
  return violations;
}

std::string reach_refusal(const std::string& app, const std::vector<DesiredObject>& desired,
                          const Reach& reach) {
  const auto violations = outside_reach(desired, reach);
  if (violations.empty()) {
    return {};
  }
  std::string refusal = "refusing to sync app " + app + ": " + std::to_string(violations.size()) +
                        " object(s) outside the app's reach, nothing was written:";
  for (const auto& violation : violations) {
    refusal += "\n  " + to_string(violation.key) + " (" + to_string(violation.source) +
               "): " + violation.rule;
  }
  return refusal;
}

void keep_within_reach(PrunePlan& plan, const Scope& scope, const Reach& reach) {
  std::vector<ObjectState> within;
  for (auto& object : plan.to_delete) {
    // A kind no longer served: a namespace in its key is the best word left.
    const auto resource = scope.find(object.key.group, object.key.kind);
    const bool namespaced = resource ? resource->namespaced : !object.key.ns.empty();
    if (auto rule = reach_violation(object.key, namespaced, reach)) {
      plan.kept.push_back({object.key, false, "outside the app's reach: " + *rule});
    } else {
      within.push_back(std::move(object));
    }
  }
  plan.to_delete = std::move(within);
}

}  // namespace kgitops
