#include "output/prune_json.hpp"

#include "output/document.hpp"

namespace kgitops {

Json prune_to_json(const std::string& app, const std::string& commit, const PrunePlan& plan,
                   const std::string& refusal) {
  Json prune = Json::array();
  for (const auto& object : plan.to_delete) {
    prune.push_back(object_fields(object.key));
  }
  Json keep = Json::array();
  for (const auto& kept : plan.kept) {
    keep.push_back(object_entry(kept.key, {{"reason", kept.reason}}));
  }
  return versioned("PrunePlan", {{"app", app},
                                 {"commit", commit},
                                 {"prune", std::move(prune)},
                                 {"keep", std::move(keep)},
                                 {"inventorySize", plan.inventory_size},
                                 {"desiredCount", plan.desired_count},
                                 {"refusal", refusal}});
}

}  // namespace kgitops
