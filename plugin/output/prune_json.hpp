#pragma once

#include <string>

#include "core/object.hpp"
#include "engine/prune_plan.hpp"

namespace kgitops {

// What a prune would delete and keep, and why, as the versioned "PrunePlan"
// document of `prune --dry-run -o json|yaml` (docs/output.md). `refusal`:
// why a sync --prune would stop and ask first, or empty.
Json prune_to_json(const std::string& app, const std::string& commit, const PrunePlan& plan,
                   const std::string& refusal);

}  // namespace kgitops
