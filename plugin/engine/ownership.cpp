#include "engine/ownership.hpp"

#include "core/constants.hpp"
#include "core/text.hpp"
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

std::optional<ForeignMark> marked_by(const std::map<std::string, std::string>& entries,
                                     const Json& live, bool labels) {
  for (const auto& [key, value] : entries) {
    if (applied_from_git(live, labels ? "labels" : "annotations", key)) {
      continue;
    }
    for (const auto& mark : keys::k_foreign_marks) {
      if (mark.label == labels && key.starts_with(mark.prefix)) {
        return ForeignMark{std::string(mark.tool), "carries " + std::string(mark.tool) + "'s " +
                                                       (labels ? "label " : "annotation ") + key};
      }
    }
  }
  return std::nullopt;
}

bool is_namespace(const ResourceKey& key) {
  return key.group.empty() && key.kind == "Namespace";
}

}  // namespace

std::optional<ForeignMark> foreign_mark(const Json& live, const std::string& app) {
  if (auto mark = marked_by(annotations_of(live), live, false)) {
    return mark;
  }
  if (auto mark = marked_by(labels_of(live), live, true)) {
    return mark;
  }
  for (const auto& [key, value] : labels_of(live)) {
    if (applied_from_git(live, "labels", key)) {
      continue;
    }
    if (key == keys::k_managed_by_label && value != keys::k_field_manager) {
      return ForeignMark{value, "is managed by " + value + " (label " + key + ")"};
    }
    if (key == keys::k_applyset_part_of_label && value != applyset_id(app)) {
      return ForeignMark{"another ApplySet", "belongs to another ApplySet (" + value + ")"};
    }
  }
  return std::nullopt;
}

std::optional<std::string> foreign_owner(const Json& live, const std::string& app) {
  if (auto mark = foreign_mark(live, app)) {
    return mark->detail;
  }
  return std::nullopt;
}

std::optional<std::string> other_app_of(const Json& live, const std::string& app) {
  if (auto label = label_of(live, keys::k_app_label); label && !label->empty() && *label != app) {
    return *label;
  }
  if (auto tracking = annotation_of(live, keys::k_tracking_annotation)) {
    const auto colon = tracking->find(':');
    const auto named = tracking->substr(0, colon);
    if (!named.empty() && named != app) {
      return named;
    }
  }
  return std::nullopt;
}

bool made_by_a_controller(const Json& live) {
  const auto metadata = live.find("metadata");
  const bool owned = metadata != live.end() && metadata->is_object() &&
                     metadata->contains("ownerReferences") &&
                     !(*metadata)["ownerReferences"].empty();
  return owned || label_of(live, keys::k_endpoints_managed_by_label).has_value();
}

std::string holder_of(const Json& live, const std::string& app) {
  if (auto other = other_app_of(live, app)) {
    return "app " + *other;
  }
  if (auto mark = foreign_mark(live, app)) {
    return mark->tool;
  }
  if (label_of(live, keys::k_app_label) == app) {
    return "app " + app;
  }
  return "unmanaged";
}

std::string reserved_reason(const ResourceKey& key) {
  if (is_namespace(key) && key.name == keys::k_inventory_namespace) {
    return "the namespace " + std::string(keys::k_inventory_namespace) +
           " holds every app's inventory and belongs to kubectl-gitops itself";
  }
  if (key.group.empty() && key.kind == "ConfigMap" && key.ns == keys::k_inventory_namespace &&
      key.name.starts_with(keys::k_inventory_name_prefix)) {
    return "an app's inventory belongs to kubectl-gitops itself";
  }
  return {};
}

namespace {

// The Namespace rule: only the app that created a Namespace prunes it, and
// only once nothing in it is anyone else's.
std::string namespace_keep_reason(const ResourceKey& key, const PruneContext& context) {
  if (context.adopted.contains(key)) {
    return "adopted with --adopt, not created by this app: a Namespace is pruned only by the "
           "app that created it";
  }
  if (context.declared_namespaces.contains(key.name)) {
    return "git still declares objects in it";
  }
  const auto strangers = context.namespace_strangers.find(key.name);
  if (strangers == context.namespace_strangers.end()) {
    return "what it holds was not looked into";
  }
  if (strangers->second.empty()) {
    return {};
  }
  constexpr std::size_t k_named = 3;
  std::vector<std::string> named(
      strangers->second.begin(),
      strangers->second.begin() +
          static_cast<std::ptrdiff_t>(std::min(k_named, strangers->second.size())));
  auto reason = "holds objects that are not this app's: " + join(named, ", ");
  if (strangers->second.size() > k_named) {
    reason += " and " + std::to_string(strangers->second.size() - k_named) + " more";
  }
  return reason;
}

}  // namespace

PruneDecision decide_prune(const ObjectState& object, const std::string& app,
                           const PruneContext& context) {
  PruneDecision decision{object.key, false, {}};
  if (object.state != SyncState::extra || !object.live) {
    decision.reason = "declared in git";
    return decision;
  }
  const auto& live = *object.live;
  if (auto reserved = reserved_reason(object.key); !reserved.empty()) {
    decision.reason = reserved;
    return decision;
  }
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
  if (is_namespace(object.key)) {
    if (auto keep = namespace_keep_reason(object.key, context); !keep.empty()) {
      decision.reason = keep;
      return decision;
    }
  }
  decision.prune = true;
  decision.reason = "owned by this app and no longer in git";
  return decision;
}

}  // namespace kgitops
