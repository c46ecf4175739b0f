#include "engine/ownership.hpp"

#include "core/constants.hpp"
#include "engine/inventory.hpp"

namespace kgitops {
namespace {

// Whether this tool's own apply set metadata.<map>.<key>: then git declares
// the mark itself (committed `helm template` output carries Helm's
// managed-by label) and it says nothing of another tool. Helm's own installs
// also write meta.helm.sh/ annotations under Helm's manager, which still count.
bool applied_from_git(const Json& live, const char* map, const std::string& key) {
  const auto metadata = live.find("metadata");
  if (metadata == live.end() || !metadata->is_object() || !metadata->contains("managedFields")) {
    return false;
  }
  const auto field = Json::json_pointer("/f:metadata/f:" + std::string(map)) / ("f:" + key);
  for (const auto& entry : (*metadata)["managedFields"]) {
    if (entry.is_object() && entry.value("manager", "") == keys::k_field_manager &&
        entry.value("operation", "") == "Apply" && entry.contains("fieldsV1") &&
        entry["fieldsV1"].contains(field)) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::optional<std::string> foreign_owner(const Json& live, const std::string& app) {
  for (const auto& [key, value] : annotations_of(live)) {
    if (applied_from_git(live, "annotations", key)) {
      continue;
    }
    for (const auto prefix : keys::k_foreign_annotation_prefixes) {
      if (key.starts_with(prefix)) {
        return "carries another tool's annotation " + key;
      }
    }
  }
  for (const auto& [key, value] : labels_of(live)) {
    if (applied_from_git(live, "labels", key)) {
      continue;
    }
    for (const auto prefix : keys::k_foreign_label_prefixes) {
      if (key.starts_with(prefix)) {
        return "carries another tool's label " + key;
      }
    }
    if (key == keys::k_managed_by_label && value != keys::k_field_manager) {
      return "is managed by " + value + " (label " + key + ")";
    }
    if (key == keys::k_applyset_part_of_label && value != applyset_id(app)) {
      return "belongs to another ApplySet (" + value + ")";
    }
  }
  return std::nullopt;
}

PruneDecision decide_prune(const ObjectState& object, const std::string& app) {
  PruneDecision decision{object.key, false, {}};
  if (object.state != SyncState::extra || !object.live) {
    decision.reason = "declared in git";
    return decision;
  }
  const auto& live = *object.live;
  if (!object.in_inventory) {
    decision.reason = "not in the app's inventory (label copied or set by hand)";
    return decision;
  }
  const auto tracking = annotation_of(live, keys::k_tracking_annotation);
  if (!tracking) {
    decision.reason = "has no tracking annotation of this app";
    return decision;
  }
  if (*tracking != tracking_id(app, object.key)) {
    decision.reason = "tracking annotation names " + *tracking;
    return decision;
  }
  if (auto owner = foreign_owner(live, app)) {
    decision.reason = *owner;
    return decision;
  }
  if (annotation_of(live, keys::k_prune_annotation) == keys::k_prune_disabled) {
    decision.reason = "opted out with " + std::string(keys::k_prune_annotation) + ": " +
                      std::string(keys::k_prune_disabled);
    return decision;
  }
  if (live.contains("metadata") && live["metadata"].contains("deletionTimestamp")) {
    decision.reason = "already being deleted";
    return decision;
  }
  decision.prune = true;
  decision.reason = "owned by this app and no longer in git";
  return decision;
}

}  // namespace kgitops
