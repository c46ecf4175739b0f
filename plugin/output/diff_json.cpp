#include "output/diff_json.hpp"

#include "core/constants.hpp"
#include "engine/immutable_fields.hpp"
#include "engine/ownership.hpp"
#include "output/document.hpp"

namespace kgitops {
namespace {

constexpr SyncState k_states[] = {SyncState::in_sync, SyncState::modified, SyncState::missing,
                                  SyncState::extra};

// As audit's: "prune" or "keep" with why, for an object git no longer
// declares; empty for a declared one.
Json prune_json(const ObjectState& object, const std::string& app) {
  if (object.state != SyncState::extra) {
    return {{"action", ""}, {"reason", ""}};
  }
  const auto decision = decide_prune(object, app);
  return {{"action", decision.prune ? "prune" : "keep"}, {"reason", decision.reason}};
}

// The paths of the fields a sync would change; the hash of the manifest
// last applied is bookkeeping, as in the text diff.
Json changed_fields(const ObjectState& object) {
  static const auto hash_path =
      "metadata.annotations." + std::string(keys::k_applied_hash_annotation);
  Json changed = Json::array();
  if (object.state == SyncState::modified && object.desired && object.live) {
    for (auto& path : drifted_fields(*object.desired, *object.live)) {
      if (path != hash_path) {
        changed.push_back(std::move(path));
      }
    }
  }
  return changed;
}

Json object_json(const ObjectState& object, const std::string& app) {
  return object_entry(object.key, {{"state", to_string(object.state)},
                                   {"changedFields", changed_fields(object)},
                                   {"prune", prune_json(object, app)},
                                   {"inInventory", object.in_inventory},
                                   {"adopt", object.adopt}});
}

Json immutable_json(const std::vector<ImmutableChange>& immutable) {
  Json list = Json::array();
  for (const auto& change : immutable) {
    list.push_back(object_entry(
        change.key, {{"fields", change.fields},
                     {"replace", change.replace_allowed},
                     {"detail", change.replace_allowed ? immutable_summary(change.fields)
                                                       : immutable_error(change.fields)}}));
  }
  return list;
}

// Hooks run only with a sync that writes something: none when in sync.
Json hooks_json(const AppComparison& compared, bool differs) {
  Json list = Json::array();
  if (!differs) {
    return list;
  }
  for (const auto& hook : compared.loaded.hooks) {
    auto key = hook.object.key;
    if (key.name.empty()) {
      key.name = hook.object.object["metadata"].value("generateName", "") + "*";
    }
    list.push_back(object_entry(key, {{"phase", to_string(hook.phase)}}));
  }
  return list;
}

}  // namespace

bool diff_differs(const std::string& app, const AppComparison& compared) {
  for (const auto& object : compared.reconciliation.objects) {
    const bool differs = object.state == SyncState::extra ? decide_prune(object, app).prune
                                                          : object.state != SyncState::in_sync;
    if (differs) {
      return true;
    }
  }
  return !compared.ownership.problems({}).empty();
}

Json diff_to_json(const std::string& app, const AppComparison& compared,
                  const std::vector<ImmutableChange>& immutable) {
  const auto& reconciliation = compared.reconciliation;
  Json objects = Json::array();
  for (const auto& object : reconciliation.objects) {
    objects.push_back(object_json(object, app));
  }
  Json summary = Json::object();
  for (const auto state : k_states) {
    summary[to_string(state)] = reconciliation.count(state);
  }
  const bool differs = diff_differs(app, compared);
  return versioned("DiffReport", {{"app", app},
                                  {"commit", compared.loaded.checkout.commit},
                                  {"inSync", !differs},
                                  {"summary", std::move(summary)},
                                  {"objects", std::move(objects)},
                                  {"immutable", immutable_json(immutable)},
                                  {"hooks", hooks_json(compared, differs)},
                                  {"refusal", compared.ownership.problems({})}});
}

}  // namespace kgitops
