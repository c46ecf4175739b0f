#include "engine/sync_stage.hpp"

#include <ostream>


namespace kgitops {
namespace {

void log_outcome(const ObjectOutcome& outcome, bool dry_run, std::ostream& log) {
  log << to_string(outcome.key) << " ";
  if (outcome.action == ObjectAction::failed) {
    log << "failed: " << outcome.detail;
  } else if (dry_run && !outcome.detail.empty()) {
    log << "would be " << to_string(outcome.action) << " (" << outcome.detail << ")";
  } else if (dry_run) {
    log << to_string(outcome.action) << " (server dry run)";
  } else {
    log << to_string(outcome.action);
  }
  log << "\n";
}

void record(const SyncStage& stage, ObjectOutcome outcome) {
  log_outcome(outcome, stage.options.dry_run, stage.log);
  stage.report.outcomes.push_back(std::move(outcome));
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
      outcome.action = ObjectAction::failed;
      outcome.detail = to_string(object->desired->source) + ": " + result.error;
    } else if (object->adopt) {
      outcome.action = ObjectAction::adopted;
    } else if (!object->live) {
      outcome.action = ObjectAction::created;
    }
    record(stage, std::move(outcome));
  }
  return {};
}

}  // namespace kgitops
