#include "engine/sync.hpp"

#include <algorithm>
#include <ctime>
#include <set>

#include "core/kind_order.hpp"
#include "core/rfc3339.hpp"
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

std::string SyncReport::first_failure() const {
  for (const auto& outcome : outcomes) {
    if (outcome.action == ObjectAction::failed || outcome.action == ObjectAction::prune_failed) {
      return to_string(outcome.key) + ": " + outcome.detail;
    }
  }
  if (!healthy() && !health->blocking.empty()) {
    const auto& blocking = health->blocking.front();
    return to_string(blocking.key) + " is " + to_string(blocking.health.state) + ": " +
           blocking.health.message;
  }
  return {};
}

namespace {

std::vector<ResourceKey> declared_keys(const LoadedApp& loaded) {
  std::vector<ResourceKey> keys;
  for (const auto& object : loaded.desired) {
    keys.push_back(object.key);
  }
  return keys;
}

void prune_objects(Cluster& cluster, const Scope& scope, const PrunePlan& plan, bool dry_run,
                   SyncReport& report, SyncEvents& events) {
  for (const auto& object : plan.to_delete) {
    ObjectOutcome outcome{object.key, ObjectAction::pruned, dry_run ? "dry run" : ""};
    const auto resource = scope.find(object.key.group, object.key.kind);
    if (dry_run) {
      // Nothing is deleted.
    } else if (!resource) {
      outcome.action = ObjectAction::prune_failed;
      outcome.detail = "kind no longer served";
    } else {
      const auto uid = object.live->value("metadata", Json::object()).value("uid", "");
      if (auto removed = cluster.remove(*resource, object.key, uid); !removed) {
        outcome.action = ObjectAction::prune_failed;
        outcome.detail = to_string(removed.error());
      }
    }
    events.object(outcome, dry_run);
    report.outcomes.push_back(std::move(outcome));
  }
}

// One sync of an app compared with the cluster: what every step shares.
class SyncRun {
 public:
  SyncRun(Cluster& cluster, const LoadedApp& loaded, ClusterComparison compared,
          const SyncOptions& options, SyncEvents& events)
      : m_cluster(cluster),
        m_loaded(loaded),
        m_compared(std::move(compared)),
        m_options(options),
        m_events(events) {
    m_report.app = options.app.name;
    m_report.commit = loaded.checkout.commit;
    m_report.dry_run = options.dry_run;
  }

  Result<SyncReport> run(const std::function<bool(const PrunePlan&)>& confirm);

 private:
  bool refused(const std::function<bool(const PrunePlan&)>& confirm);
  Inventory base_inventory() const;
  Result<bool> open(Inventory& inventory);
  void settle(Inventory& inventory) const;
  Result<void> close(Inventory& inventory);
  bool changes() const {
    const auto& reconciliation = m_compared.reconciliation;
    return reconciliation.count(SyncState::modified) + reconciliation.count(SyncState::missing) > 0;
  }
  Result<void> store(const Inventory& inventory) {
    auto stored = store_inventory(m_cluster, inventory, m_compared.inventory);
    if (stored) {
      m_compared.inventory = inventory;
    }
    return stored;
  }

  Cluster& m_cluster;
  const LoadedApp& m_loaded;
  ClusterComparison m_compared;
  const SyncOptions& m_options;
  SyncEvents& m_events;
  SyncReport m_report;
  PrunePlan m_plan;
};

// The guards, before anything is written: the reach, ownership (an object
// that exists and is not this app's stops the whole sync, unless --adopt may
// take it) and the prune bounds. True when the report says why it stopped.
bool SyncRun::refused(const std::function<bool(const PrunePlan&)>& confirm) {
  const auto& app = m_options.app;
  m_report.refusal = m_compared.reach_refusal;
  if (!m_report.refusal.empty()) {
    return true;
  }
  m_report.ownership = m_compared.ownership;
  m_report.refusal = m_report.ownership.refusal(app.name, m_options.ownership);
  if (!m_report.refusal.empty()) {
    return true;
  }
  auto& reconciliation = m_compared.reconciliation;
  m_report.unchanged = reconciliation.count(SyncState::in_sync);
  m_report.object_health = declared_health(reconciliation);
  const auto& current = m_compared.inventory;
  const auto inventory_size = current ? current->members.size() : 0;
  const auto context = m_options.prune ? load_prune_context(m_cluster, m_loaded.scope,
                                                            reconciliation, current, app.name)
                                       : PruneContext{};
  m_plan = plan_prune(reconciliation, app.name, inventory_size, context);
  keep_within_reach(m_plan, m_loaded.scope, app.reach);
  m_report.kept = m_plan.kept;
  if (!m_options.prune) {
    return false;
  }
  for (const auto& kept : m_plan.kept) {
    m_events.prune_decision(kept);
  }
  bool confirmed = m_options.confirm_prune;
  if (!confirmed && m_plan.over_bound(m_options.prune_bound) && !m_plan.empties_app()) {
    confirmed = confirm(m_plan);
  }
  m_report.refusal = prune_refusal(m_plan, m_options.prune_bound, m_options.allow_empty, confirmed);
  return !m_report.refusal.empty();
}

Inventory SyncRun::base_inventory() const {
  const auto& app = m_options.app;
  Inventory inventory;
  if (m_compared.inventory) {
    inventory = *m_compared.inventory;
  }
  inventory.app = app.name;
  inventory.repo = redact_url(app.source.repo);
  inventory.revision = app.source.revision;
  inventory.path = app.path;
  inventory.default_namespace = app.default_namespace;
  if (!m_options.agent.empty()) {
    inventory.agent = m_options.agent;
  }
  return inventory;
}

// Hooks run only when there is something to write (a periodic sync that
// finds the app in sync runs none), and new members are recorded before they
// are created, so an interrupted sync never leaves an object the inventory
// does not know. False when an opening hook failed: nothing was written.
Result<bool> SyncRun::open(Inventory& inventory) {
  if (!changes()) {
    return true;
  }
  auto ran = run_opening_hooks(m_cluster, m_loaded, m_options, m_report, m_events);
  if (!ran || !*ran) {
    if (ran && !m_options.dry_run) {
      inventory.last_commit = m_report.commit;
      inventory.last_result = "Failed";
      inventory.last_message = hook_failure_message(m_report);
      inventory.hook_runs = hook_run_lines(m_report.hook_runs);
      if (auto stored = store(inventory); !stored) {
        return std::unexpected(stored.error());
      }
    }
    return ran;
  }
  if (m_options.dry_run) {
    return true;
  }
  auto before = inventory;
  for (const auto& object : m_compared.reconciliation.objects) {
    if (object.desired) {
      before.members.insert(object.key);
    }
    if (object.adopt) {
      before.adopted.insert(object.key);
    }
  }
  if (auto stored = store(before); !stored) {
    return std::unexpected(stored.error());
  }
  return true;
}

// The inventory keeps what git declares and what the app still owns, and
// how the sync ended.
void SyncRun::settle(Inventory& inventory) const {
  inventory.members.clear();
  for (const auto& object : m_loaded.desired) {
    inventory.members.insert(object.key);
  }
  std::set<ResourceKey> pruned;
  for (const auto& outcome : m_report.outcomes) {
    if (outcome.action == ObjectAction::pruned) {
      pruned.insert(outcome.key);
    }
  }
  for (const auto& object : m_compared.reconciliation.objects) {
    if (!object.desired && object.in_inventory && !pruned.contains(object.key)) {
      inventory.members.insert(object.key);
    }
    if (object.adopt) {
      inventory.adopted.insert(object.key);
    }
  }
  for (const auto& outcome : m_report.outcomes) {
    if (outcome.action == ObjectAction::created || outcome.action == ObjectAction::replaced) {
      inventory.adopted.erase(outcome.key);  // this app made it now
    }
  }
  std::erase_if(inventory.adopted,
                [&](const auto& key) { return !inventory.members.contains(key); });
  inventory.last_commit = m_report.commit;
  inventory.last_result = m_report.succeeded() ? "Succeeded" : "Failed";
  inventory.last_message = m_report.first_failure();
  // A heal puts back what the app already is, so it leaves the inventory
  // as it was: no second write for one drifted object.
  const auto& before = m_compared.inventory;
  const bool app_changed = !before || before->members != inventory.members ||
                           before->last_commit != inventory.last_commit;
  if (!m_report.outcomes.empty() && app_changed) {
    inventory.last_changed_at = rfc3339_now();
  }
}

// Records the sync in the inventory, then the closing hooks, and the hooks'
// runs once they are through.
Result<void> SyncRun::close(Inventory& inventory) {
  settle(inventory);
  if (auto stored = store(inventory); !stored) {
    return stored;
  }
  if (auto hooks = run_closing_hooks(m_cluster, m_loaded, changes(), m_options, m_report, m_events);
      !hooks) {
    return hooks;
  }
  if (m_report.hook_runs.empty()) {
    return {};
  }
  inventory.hook_runs = hook_run_lines(m_report.hook_runs);
  inventory.last_result = m_report.succeeded() ? "Succeeded" : "Failed";
  if (m_report.hook_failed() && inventory.last_message.empty()) {
    inventory.last_message = hook_failure_message(m_report);
  }
  return store(inventory);
}

Result<SyncReport> SyncRun::run(const std::function<bool(const PrunePlan&)>& confirm) {
  if (refused(confirm)) {
    return std::move(m_report);
  }
  auto inventory = base_inventory();
  auto opened = open(inventory);
  if (!opened || !*opened) {
    return opened ? Result<SyncReport>{std::move(m_report)} : std::unexpected(opened.error());
  }
  std::optional<CommitPrerequisites> prerequisites;
  if (m_options.dry_run) {
    prerequisites.emplace(m_cluster, m_loaded.desired);
  }
  const SyncStage stage{m_cluster, m_loaded.scope,
                        m_options, prerequisites ? &*prerequisites : nullptr,
                        m_report,  m_events};
  if (auto applied = apply_changes(stage, m_compared.reconciliation); !applied) {
    return std::unexpected(applied.error());
  }
  if (m_options.prune && m_report.succeeded()) {
    prune_objects(m_cluster, m_loaded.scope, m_plan, m_options.dry_run, m_report, m_events);
  }
  auto closed = m_options.dry_run ? run_closing_hooks(m_cluster, m_loaded, changes(), m_options,
                                                      m_report, m_events)
                                  : close(inventory);
  if (!closed) {
    return std::unexpected(closed.error());
  }
  // The final wait comes after the inventory is written: a timeout leaves
  // the record of what was applied intact.
  if (!m_options.dry_run && m_options.wait && m_report.succeeded()) {
    if (auto waited =
            wait_for_objects(m_cluster, m_loaded.scope, declared_keys(m_loaded), m_options,
                             {.reason = HealthWaitReason::final}, m_report, m_events);
        !waited) {
      return std::unexpected(waited.error());
    }
  }
  return std::move(m_report);
}

}  // namespace

Result<SyncReport> run_sync(Cluster& cluster, GitSource& git, const SyncOptions& options,
                            const std::function<bool(const PrunePlan&)>& confirm,
                            SyncEvents& events) {
  auto loaded = load_app(git, &cluster, options.app, options.kubectl);
  if (!loaded) {
    return std::unexpected(loaded.error());
  }
  return sync_loaded_app(cluster, *loaded, options, confirm, events);
}

Result<SyncReport> sync_loaded_app(Cluster& cluster, const LoadedApp& loaded,
                                   const SyncOptions& options,
                                   const std::function<bool(const PrunePlan&)>& confirm,
                                   SyncEvents& events) {
  auto compared =
      compare_loaded_app(cluster, loaded, options.app, {.ownership = options.ownership});
  if (!compared) {
    return std::unexpected(compared.error());
  }
  return sync_compared_app(cluster, loaded, std::move(*compared), options, confirm, events);
}

Result<SyncReport> sync_compared_app(Cluster& cluster, const LoadedApp& loaded,
                                     ClusterComparison compared, const SyncOptions& options,
                                     const std::function<bool(const PrunePlan&)>& confirm,
                                     SyncEvents& events) {
  for (auto& object : compared.reconciliation.objects) {
    if (object.state == SyncState::modified && options.leave_drifted.contains(object.key)) {
      object.state = SyncState::in_sync;  // counted as unchanged: nothing is written
    }
  }
  SyncRun run(cluster, loaded, std::move(compared), options, events);
  return run.run(confirm);
}

}  // namespace kgitops
