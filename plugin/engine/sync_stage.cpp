#include "engine/sync_stage.hpp"

#include <map>

#include "core/kind_order.hpp"
#include "engine/immutable_fields.hpp"
#include "engine/replace.hpp"

namespace kgitops {
namespace {

void record(const SyncStage& stage, ObjectOutcome outcome) {
  stage.events.object(outcome, stage.options.dry_run);
  stage.report.outcomes.push_back(std::move(outcome));
}

// The outcome of an apply the server refused: a change of an immutable field
// replaces an object that opts in to it (in a dry run: would); anything else fails.
ObjectOutcome refused(const SyncStage& stage, const ObjectState& object, const std::string& error) {
  const auto where = to_string(object.desired->source) + ": ";
  const auto fields = immutable_fields(error);
  if (fields.empty() || !object.live) {
    return {object.key, ObjectAction::failed, where + error};
  }
  if (!replace_allowed(object.desired->object)) {
    return {object.key, ObjectAction::failed, where + immutable_error(fields)};
  }
  if (!stage.options.dry_run) {
    auto replaced =
        replace_object(stage.cluster, *object.desired, *object.live, stage.options.replace_timeout);
    if (!replaced) {
      return {object.key, ObjectAction::failed,
              where + "cannot replace it (" + immutable_summary(fields) +
                  "): " + to_string(replaced.error())};
    }
  }
  return {object.key, ObjectAction::replaced, immutable_summary(fields)};
}

// In a dry run, an object that needs a Namespace or CRD this commit creates
// cannot be checked by the server yet: it would be created, and is not sent.
std::vector<const ObjectState*> checkable(const SyncStage& stage,
                                          const std::vector<const ObjectState*>& objects) {
  if (stage.prerequisites == nullptr) {
    return objects;
  }
  std::vector<const ObjectState*> sent;
  for (const auto* object : objects) {
    auto waits = stage.prerequisites->waits_for(
        *object->desired, stage.scope.served(object->key.group, object->key.kind));
    if (waits.empty()) {
      sent.push_back(object);
    } else {
      record(stage, {object->key, ObjectAction::created, std::move(waits)});
    }
  }
  return sent;
}

// Applies the changed objects of one wave: Namespaces and CRDs first (CRDs
// waited on until Established), then everything else.
Result<void> apply_wave(const SyncStage& stage, const std::vector<const ObjectState*>& changed) {
  std::vector<const ObjectState*> foundation;
  std::vector<const ObjectState*> rest;
  std::vector<std::string> crds;
  for (const auto* object : changed) {
    if (is_foundation_kind(object->key.kind)) {
      foundation.push_back(object);
      if (object->key.kind == "CustomResourceDefinition") {
        crds.push_back(object->key.name);
      }
    } else {
      rest.push_back(object);
    }
  }
  if (auto applied = apply_stage(stage, foundation); !applied) {
    return applied;
  }
  if (!stage.report.succeeded()) {
    return {};  // later stages depend on this one
  }
  if (!stage.options.dry_run) {
    if (auto established = stage.cluster.wait_established(crds, stage.options.crd_timeout);
        !established) {
      return established;
    }
  }
  return apply_stage(stage, rest);
}

}  // namespace

Result<void> apply_stage(const SyncStage& stage,
                         const std::vector<const ObjectState*>& stage_objects) {
  const auto objects = checkable(stage, stage_objects);
  if (objects.empty()) {
    return {};
  }
  std::vector<Json> manifests;
  for (const auto* object : objects) {
    manifests.push_back(object->desired->object);
  }
  auto results =
      stage.cluster.apply(manifests, stage.options.dry_run ? DryRun::server : DryRun::no);
  if (!results) {
    return std::unexpected(results.error());
  }
  for (std::size_t i = 0; i < objects.size(); ++i) {
    const auto& result = (*results)[i];
    const auto* object = objects[i];
    ObjectOutcome outcome{object->key, ObjectAction::configured, {}};
    if (!result.error.empty()) {
      outcome = refused(stage, *object, result.error);
    } else if (object->adopt) {
      outcome.action = ObjectAction::adopted;
    } else if (!object->live) {
      outcome.action = ObjectAction::created;
    }
    record(stage, std::move(outcome));
  }
  return {};
}

// Applies the changed objects wave by wave. A wave starts only when the
// waves before it are healthy.
Result<void> apply_changes(const SyncStage& stage, const Reconciliation& reconciliation) {
  std::map<int, std::vector<const ObjectState*>> waves;  // changed objects
  std::map<int, std::vector<ResourceKey>> wave_members;  // every object git declares
  for (const auto& object : reconciliation.objects) {
    if (!object.desired) {
      continue;
    }
    wave_members[object.desired->wave].push_back(object.key);
    if (object.state != SyncState::in_sync) {
      waves[object.desired->wave].push_back(&object);
    }
  }
  std::vector<ResourceKey> earlier;  // members of the waves already through
  for (const auto& [wave, members] : wave_members) {
    const auto changed = waves.find(wave);
    if (changed != waves.end()) {
      if (!earlier.empty() && !stage.options.dry_run) {
        if (auto waited = wait_for_objects(stage.cluster, stage.scope, earlier, stage.options,
                                           {.reason = HealthWaitReason::wave, .wave = wave},
                                           stage.report, stage.events);
            !waited) {
          return waited;
        }
        if (!stage.report.healthy()) {
          return {};  // a wave never starts before the earlier ones are healthy
        }
      }
      stage.events.wave({wave, changed->second.size()});
      if (auto applied = apply_wave(stage, changed->second); !applied) {
        return applied;
      }
      if (!stage.report.succeeded()) {
        return {};  // a later wave never starts after a failed one
      }
    }
    earlier.insert(earlier.end(), members.begin(), members.end());
  }
  return {};
}

Result<void> wait_for_objects(Cluster& cluster, const Scope& scope,
                              const std::vector<ResourceKey>& keys, const SyncOptions& options,
                              HealthWaitStart start, SyncReport& report, SyncEvents& events) {
  start.objects = keys.size();
  start.timeout = options.health.timeout;
  events.health_wait(start);
  SilentHealthProgress silent;
  auto& progress = options.progress ? *options.progress : silent;
  auto waited = wait_for_health(cluster, scope, options.app.name, keys, options.health, progress);
  if (!waited) {
    return std::unexpected(waited.error());
  }
  events.health(*waited);
  // The wait's look is newer than the one before applying.
  std::map<ResourceKey, Health> seen;
  for (const auto& object : waited->objects) {
    seen[object.key] = object.health;
  }
  for (auto& object : report.object_health) {
    if (const auto found = seen.find(object.key); found != seen.end()) {
      object.health = found->second;
    }
  }
  report.health = std::move(*waited);
  return {};
}

}  // namespace kgitops
