#include "engine/sync_stage.hpp"

#include <ostream>

#include "engine/immutable_fields.hpp"
#include "engine/replace.hpp"

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
  } else if (outcome.action == ObjectAction::replaced) {
    log << "replaced: deleted and created again (" << outcome.detail << ")";
  } else {
    log << to_string(outcome.action);
  }
  log << "\n";
}

void record(const SyncStage& stage, ObjectOutcome outcome) {
  log_outcome(outcome, stage.options.dry_run, stage.log);
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

}  // namespace kgitops
