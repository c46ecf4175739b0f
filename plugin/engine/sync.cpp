#include "engine/sync.hpp"

#include <algorithm>
#include <ctime>
#include <map>
#include <ostream>
#include <set>

#include "core/kind_order.hpp"
#include "engine/inventory.hpp"
#include "engine/prune_context.hpp"
#include "engine/reach_check.hpp"
#include "engine/sync_hooks.hpp"
#include "engine/sync_stage.hpp"

namespace kgitops {

std::string to_string(ObjectAction action) {
  switch (action) {
    case ObjectAction::created:
      return "created";
    case ObjectAction::adopted:
      return "adopted";
    case ObjectAction::configured:
      return "configured";
    case ObjectAction::replaced:
      return "replaced";
    case ObjectAction::pruned:
      return "pruned";
    case ObjectAction::prune_failed:
      return "prune failed";
    case ObjectAction::failed:
      return "failed";
  }
  return "unknown";
}

bool SyncReport::healthy() const {
  return !health || health->outcome == HealthWaitOutcome::healthy;
}

bool SyncReport::hook_failed() const {
  return std::any_of(hook_runs.begin(), hook_runs.end(),
                     [](const auto& run) { return run.result == "Failed"; });
}

bool SyncReport::succeeded() const {
  return refusal.empty() && !hook_failed() && count(ObjectAction::failed) == 0 &&
         count(ObjectAction::prune_failed) == 0 && healthy();
}

std::size_t SyncReport::count(ObjectAction action) const {
  return static_cast<std::size_t>(std::count_if(
      outcomes.begin(), outcomes.end(), [action](const auto& o) { return o.action == action; }));
}

namespace {

std::string now_rfc3339() {
  const auto now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

// Waits for the health of `keys`, recording the outcome in the report.
// Callers report the outcome (report.health): the CLI and the watch each
// in their own words.
Result<void> wait_for_objects(Cluster& cluster, const Scope& scope,
                              const std::vector<ResourceKey>& keys, const SyncOptions& options,
                              SyncReport& report) {
  SilentHealthProgress silent;
  auto& progress = options.progress ? *options.progress : silent;
  auto waited = wait_for_health(cluster, scope, options.app.name, keys, options.health, progress);
  if (!waited) {
    return std::unexpected(waited.error());
  }
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

// Applies the changed objects wave by wave; within a wave, Namespaces and
// CRDs first (CRDs waited on until Established), then everything else. A
// wave starts only when the waves before it are healthy.
Result<void> apply_changes(Cluster& cluster, const Scope& scope,
                           const Reconciliation& reconciliation, const SyncOptions& options,
                           SyncReport& report, std::ostream& log) {
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
  const auto dry_run = options.dry_run ? DryRun::server : DryRun::no;
  std::optional<CommitPrerequisites> prerequisites;
  if (options.dry_run) {
    std::vector<DesiredObject> desired;
    for (const auto& object : reconciliation.objects) {
      if (object.desired) {
        desired.push_back(*object.desired);
      }
    }
    prerequisites.emplace(cluster, desired);
  }
  const SyncStage stage{cluster, scope, options, prerequisites ? &*prerequisites : nullptr,
                        report,  log};
  std::vector<ResourceKey> earlier;  // members of the waves already through
  for (const auto& [wave, members] : wave_members) {
    const auto changed = waves.find(wave);
    if (changed == waves.end()) {
      earlier.insert(earlier.end(), members.begin(), members.end());
      continue;
    }
    if (!earlier.empty() && dry_run == DryRun::no) {
      log << "wave " << wave << ": waiting for the health of " << earlier.size()
          << " object(s) of earlier waves\n";
      if (auto waited = wait_for_objects(cluster, scope, earlier, options, report); !waited) {
        return waited;
      }
      if (!report.healthy()) {
        return {};  // a wave never starts before the earlier ones are healthy
      }
    }
    std::vector<const ObjectState*> foundation;
    std::vector<const ObjectState*> rest;
    std::vector<std::string> crds;
    for (const auto* object : changed->second) {
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
    if (!report.succeeded()) {
      return {};  // later stages depend on this one
    }
    if (dry_run == DryRun::no) {
      if (auto established = cluster.wait_established(crds, options.crd_timeout); !established) {
        return established;
      }
    }
    if (auto applied = apply_stage(stage, rest); !applied) {
      return applied;
    }
    if (!report.succeeded()) {
      return {};  // a later wave never starts after a failed one
    }
    earlier.insert(earlier.end(), members.begin(), members.end());
  }
  return {};
}

void prune_objects(Cluster& cluster, const Scope& scope, const PrunePlan& plan, SyncReport& report,
                   std::ostream& log) {
  for (const auto& object : plan.to_delete) {
    ObjectOutcome outcome{object.key, ObjectAction::pruned, {}};
    const auto resource = scope.find(object.key.group, object.key.kind);
    if (!resource) {
      outcome.action = ObjectAction::prune_failed;
      outcome.detail = "kind no longer served";
    } else {
      const auto uid = object.live->value("metadata", Json::object()).value("uid", "");
      if (auto removed = cluster.remove(*resource, object.key, uid); !removed) {
        outcome.action = ObjectAction::prune_failed;
        outcome.detail = to_string(removed.error());
      }
    }
    log << to_string(object.key) << " " << to_string(outcome.action)
        << (outcome.detail.empty() ? "" : ": " + outcome.detail) << "\n";
    report.outcomes.push_back(std::move(outcome));
  }
}

}  // namespace

Result<SyncReport> run_sync(Cluster& cluster, GitSource& git, const SyncOptions& options,
                            const std::function<bool(const PrunePlan&)>& confirm,
                            std::ostream& log) {
  auto loaded = load_app(git, &cluster, options.app, options.kubectl);
  if (!loaded) {
    return std::unexpected(loaded.error());
  }
  return sync_loaded_app(cluster, *loaded, options, confirm, log);
}

Result<SyncReport> sync_loaded_app(Cluster& cluster, const LoadedApp& loaded_app,
                                   const SyncOptions& options,
                                   const std::function<bool(const PrunePlan&)>& confirm,
                                   std::ostream& log) {
  const auto& app = options.app;
  const auto* loaded = &loaded_app;
  // The reach comes first: an object the app may not write stops the sync
  // before it reads the app's state or writes anything.
  if (auto refusal = reach_refusal(app.name, loaded->desired, app.reach); !refusal.empty()) {
    SyncReport refused;
    refused.app = app.name;
    refused.commit = loaded->checkout.commit;
    refused.dry_run = options.dry_run;
    refused.refusal = std::move(refusal);
    return refused;
  }
  auto current = load_inventory(cluster, app.name);
  if (!current) {
    return std::unexpected(current.error());
  }
  auto reconciliation = reconcile(cluster, loaded->scope, loaded->desired, *current, app);
  if (!reconciliation) {
    return std::unexpected(reconciliation.error());
  }

  for (auto& object : reconciliation->objects) {
    if (object.state == SyncState::modified && options.leave_drifted.contains(object.key)) {
      object.state = SyncState::in_sync;  // counted as unchanged: nothing is written
    }
  }

  SyncReport report;
  report.app = app.name;
  report.commit = loaded->checkout.commit;
  report.dry_run = options.dry_run;
  // Ownership is settled before anything is written: an object that exists
  // and is not this app's stops the whole sync, unless --adopt may take it.
  auto ownership =
      check_ownership(cluster, loaded->scope, *reconciliation, app, *current, options.ownership);
  if (!ownership) {
    return std::unexpected(ownership.error());
  }
  report.ownership = std::move(*ownership);
  report.refusal = report.ownership.refusal(app.name, options.ownership);
  if (!report.refusal.empty()) {
    return report;
  }
  report.unchanged = reconciliation->count(SyncState::in_sync);
  for (const auto& object : reconciliation->objects) {
    if (object.desired) {
      report.object_health.push_back(
          {object.key, object.live ? assess_health(*object.live) : missing_health()});
    }
  }

  const auto inventory_size = *current ? (*current)->members.size() : 0;
  const auto context = options.prune ? load_prune_context(cluster, loaded->scope, *reconciliation,
                                                          *current, app.name)
                                     : PruneContext{};
  auto plan = plan_prune(*reconciliation, app.name, inventory_size, context);
  keep_within_reach(plan, loaded->scope, app.reach);
  report.kept = plan.kept;
  // Guards run before anything is written: a refused prune changes nothing.
  if (options.prune) {
    bool confirmed = options.confirm_prune;
    if (!confirmed && plan.over_bound(options.prune_bound) && !plan.empties_app()) {
      confirmed = confirm(plan);
    }
    report.refusal = prune_refusal(plan, options.prune_bound, options.allow_empty, confirmed);
    if (!report.refusal.empty()) {
      return report;
    }
  }

  Inventory inventory;
  if (*current) {
    inventory = **current;
  }
  inventory.app = app.name;
  inventory.repo = redact_url(app.source.repo);
  inventory.revision = app.source.revision;
  inventory.path = app.path;
  inventory.default_namespace = app.default_namespace;
  if (!options.agent.empty()) {
    inventory.agent = options.agent;
  }

  const bool changes =
      reconciliation->count(SyncState::modified) + reconciliation->count(SyncState::missing) > 0;
  // Hooks run only when there is something to write: a periodic sync that
  // finds the app in sync runs none.
  if (changes) {
    auto ran = run_opening_hooks(cluster, *loaded, options, report, log);
    if (!ran) {
      return std::unexpected(ran.error());
    }
    if (!*ran) {
      // Nothing of the app was written: record the failure and stop.
      if (!options.dry_run) {
        inventory.last_commit = report.commit;
        inventory.last_result = "Failed";
        inventory.last_message = hook_failure_message(report);
        inventory.hook_runs = hook_run_lines(report.hook_runs);
        if (auto stored = store_inventory(cluster, inventory, *current); !stored) {
          return std::unexpected(stored.error());
        }
      }
      return report;
    }
  }
  if (!options.dry_run && changes) {
    // Record new members before creating them, so an interrupted sync never
    // leaves an object the inventory does not know.
    auto before = inventory;
    for (const auto& object : reconciliation->objects) {
      if (object.desired) {
        before.members.insert(object.key);
      }
      if (object.adopt) {
        before.adopted.insert(object.key);
      }
    }
    if (auto stored = store_inventory(cluster, before, *current); !stored) {
      return std::unexpected(stored.error());
    }
    *current = before;
  }

  if (auto applied = apply_changes(cluster, loaded->scope, *reconciliation, options, report, log);
      !applied) {
    return std::unexpected(applied.error());
  }
  const bool apply_succeeded = report.succeeded();
  if (options.prune && apply_succeeded) {
    if (options.dry_run) {
      for (const auto& object : plan.to_delete) {
        log << to_string(object.key) << " pruned (dry run)\n";
        report.outcomes.push_back({object.key, ObjectAction::pruned, "dry run"});
      }
    } else {
      prune_objects(cluster, loaded->scope, plan, report, log);
    }
  }
  if (options.dry_run) {
    if (auto hooks = run_closing_hooks(cluster, *loaded, changes, options, report, log); !hooks) {
      return std::unexpected(hooks.error());
    }
    return report;
  }

  // The inventory keeps what git declares and what the app still owns.
  inventory.members.clear();
  for (const auto& object : loaded->desired) {
    inventory.members.insert(object.key);
  }
  std::set<ResourceKey> pruned;
  for (const auto& outcome : report.outcomes) {
    if (outcome.action == ObjectAction::pruned) {
      pruned.insert(outcome.key);
    }
  }
  for (const auto& object : reconciliation->objects) {
    if (!object.desired && object.in_inventory && !pruned.contains(object.key)) {
      inventory.members.insert(object.key);
    }
    if (object.adopt) {
      inventory.adopted.insert(object.key);
    }
  }
  for (const auto& outcome : report.outcomes) {
    if (outcome.action == ObjectAction::created || outcome.action == ObjectAction::replaced) {
      inventory.adopted.erase(outcome.key);  // this app made it now
    }
  }
  std::erase_if(inventory.adopted,
                [&](const auto& key) { return !inventory.members.contains(key); });
  inventory.last_commit = report.commit;
  inventory.last_result = report.succeeded() ? "Succeeded" : "Failed";
  inventory.last_message = "";
  for (const auto& outcome : report.outcomes) {
    const bool failure =
        outcome.action == ObjectAction::failed || outcome.action == ObjectAction::prune_failed;
    if (failure && inventory.last_message.empty()) {
      inventory.last_message = to_string(outcome.key) + ": " + outcome.detail;
    }
  }
  if (!report.healthy() && !report.health->blocking.empty() && inventory.last_message.empty()) {
    const auto& blocking = report.health->blocking.front();
    inventory.last_message = to_string(blocking.key) + " is " + to_string(blocking.health.state) +
                             ": " + blocking.health.message;
  }
  if (!report.outcomes.empty()) {
    inventory.last_changed_at = now_rfc3339();
  }

  if (auto stored = store_inventory(cluster, inventory, *current); !stored) {
    return std::unexpected(stored.error());
  }
  if (auto hooks = run_closing_hooks(cluster, *loaded, changes, options, report, log); !hooks) {
    return std::unexpected(hooks.error());
  }
  if (!report.hook_runs.empty()) {
    auto previous = std::optional<Inventory>{inventory};
    inventory.hook_runs = hook_run_lines(report.hook_runs);
    inventory.last_result = report.succeeded() ? "Succeeded" : "Failed";
    if (report.hook_failed() && inventory.last_message.empty()) {
      inventory.last_message = hook_failure_message(report);
    }
    if (auto stored = store_inventory(cluster, inventory, previous); !stored) {
      return std::unexpected(stored.error());
    }
  }
  // The final wait comes after the inventory is written: a timeout leaves
  // the record of what was applied intact.
  if (options.wait && report.succeeded()) {
    std::vector<ResourceKey> keys;
    for (const auto& object : loaded->desired) {
      keys.push_back(object.key);
    }
    log << "waiting up to " << options.health.timeout.count() << "s for " << keys.size()
        << " object(s) to be healthy\n";
    if (auto waited = wait_for_objects(cluster, loaded->scope, keys, options, report); !waited) {
      return std::unexpected(waited.error());
    }
  }
  return report;
}

}  // namespace kgitops
