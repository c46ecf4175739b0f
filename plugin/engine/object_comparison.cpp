#include "engine/object_comparison.hpp"

#include "core/constants.hpp"
#include "engine/field_projection.hpp"

namespace kgitops {

Json without_bookkeeping(Json object) {
  if (object.contains("metadata") && object["metadata"].contains("annotations")) {
    object["metadata"]["annotations"].erase(std::string(keys::k_applied_hash_annotation));
  }
  return object;
}

std::string to_string(SyncState state) {
  switch (state) {
    case SyncState::in_sync:
      return "InSync";
    case SyncState::modified:
      return "Modified";
    case SyncState::missing:
      return "Missing";
    case SyncState::extra:
      return "Extra";
  }
  return "Unknown";
}

ObjectComparison compare(const DesiredObject& desired, const Json& live,
                         const ComparisonOptions& options) {
  const auto wanted = fold_string_data(desired.object);
  const auto owned = owned_fields(live, keys::k_field_manager);
  const auto projected = project_live(live, wanted, owned ? &*owned : nullptr);
  ObjectComparison comparison;
  if (!equivalent(wanted, projected)) {
    comparison.state = SyncState::modified;
    for (const auto& path : differing_paths(wanted, projected)) {
      comparison.drift.push_back({to_string(path), owner_of(live, path, keys::k_field_manager)});
    }
  }
  if (options.display) {
    comparison.display = display_pair(without_bookkeeping(projected), without_bookkeeping(wanted));
  }
  return comparison;
}

}  // namespace kgitops
