#include "watch/app_worker.hpp"

#include <algorithm>
#include <sstream>

#include "core/constants.hpp"
#include "engine/field_paths.hpp"
#include "engine/inventory.hpp"
#include "engine/reach_check.hpp"
#include "engine/reconcile.hpp"
#include "engine/sync.hpp"
#include "watch/failure_record.hpp"
#include "watch/last_writer.hpp"

namespace kgitops {
namespace {

constexpr double k_jitter = 0.1;

std::string short_commit(const std::string& commit) {
  return commit.substr(0, 12);
}

std::string seconds_text(std::chrono::steady_clock::duration duration) {
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(duration).count();
  std::ostringstream text;
  text.setf(std::ios::fixed);
  text.precision(3);
  text << static_cast<double>(millis) / 1000.0 << "s";
  return text.str();
}

double unix_now() {
  return static_cast<double>(std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count());
}

}  // namespace

AppWorker::AppWorker(AppWorkerOptions options, AppWorkerDependencies dependencies, WatchLog& log,
                     Metrics& metrics)
    : m_options(std::move(options)),
      m_log(log),
      m_metrics(metrics),
      m_cluster(std::move(dependencies.cluster)),
      m_heal_cluster(std::move(dependencies.heal_cluster)),
      m_git(std::move(dependencies.git)),
      m_watch_kind(std::move(dependencies.watch_kind)),
      m_health(std::move(dependencies.health)),
      m_inventory_key{"", "ConfigMap", std::string(keys::k_inventory_namespace),
                      inventory_name(m_options.watched.app.name)},
      m_backoff(std::chrono::seconds(2), m_options.max_backoff),
      m_random(std::random_device{}()),
      m_fights(m_options.fight_limit, m_options.fight_window),
      m_peers(m_options.agent, m_options.peer_warning_repeat),
      m_debouncer(m_options.debounce) {}

AppWorker::~AppWorker() {
  stop();
}

void AppWorker::start() {
  m_next_sync = std::chrono::steady_clock::now();
  m_metrics.set_suspended(name(), false);
  m_metrics.set_fights(name(), 0);
  m_sync_thread = std::thread([this] { run_syncs(); });
  m_heal_thread = std::thread([this] { run_heals(); });
}

void AppWorker::wake() {
  {
    std::lock_guard lock(m_mutex);
    if (m_reconciling) {
      m_wake_pending = true;  // the reconcile in progress may have fetched before the push
      return;
    }
    schedule_wake();
  }
  m_wakeup.notify_all();
}

void AppWorker::schedule_wake() {
  if (m_backing_off) {
    return;  // a push does not cut a failing app's back-off short
  }
  const auto at = std::max(
      std::chrono::steady_clock::now(),
      m_last_wake + std::chrono::duration_cast<SteadyTime::duration>(m_options.wake_interval));
  if (at >= m_next_sync) {
    return;  // a reconcile is due by then anyway
  }
  m_next_sync = at;
  m_last_wake = at;
}

void AppWorker::stop() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_wakeup.notify_all();
  for (auto* thread : {&m_sync_thread, &m_heal_thread}) {
    if (thread->joinable()) {
      thread->join();
    }
  }
  // The threads are gone: the watchers are ours alone now.
  for (auto& watcher : m_watchers) {
    watcher->stop();
  }
  m_watchers.clear();
}

void AppWorker::run_syncs() {
  while (true) {
    {
      std::unique_lock lock(m_mutex);
      // m_next_sync may move earlier (wake) while this waits.
      while (!m_stopping && std::chrono::steady_clock::now() < m_next_sync) {
        const auto until = m_next_sync;
        m_wakeup.wait_until(lock, until);
      }
      if (m_stopping) {
        return;
      }
      m_reconciling = true;
    }
    contained_reconcile();
    m_ready = true;
    std::lock_guard lock(m_mutex);
    m_reconciling = false;
    if (m_wake_pending) {
      m_wake_pending = false;
      schedule_wake();
    }
  }
}

void AppWorker::run_heals() {
  while (true) {
    std::vector<PendingEvent> due;
    {
      std::unique_lock lock(m_mutex);
      while (true) {
        if (m_stopping) {
          return;
        }
        due = m_debouncer.take_due(std::chrono::steady_clock::now());
        if (!due.empty()) {
          break;
        }
        if (const auto next = m_debouncer.next_deadline()) {
          m_wakeup.wait_until(lock, *next);
        } else {
          m_wakeup.wait(lock);
        }
      }
    }
    for (const auto& pending : due) {
      contained_heal(pending);
    }
  }
}

void AppWorker::contained_reconcile() {
  const auto before = published();
  std::string message;
  try {
    reconcile_cycle();
    return;
  } catch (const std::exception& error) {
    message = error.what();
  } catch (...) {
    message = "unknown exception";
  }
  // Whatever threw, heals keep to the commit they healed to before.
  publish(before);
  try {
    failed("reconcile failed, keeping the last good state", message);
  } catch (...) {
    // Not even the failure could be recorded: retry after the back-off.
    std::lock_guard lock(m_mutex);
    m_backing_off = true;
    m_next_sync = std::chrono::steady_clock::now() + m_backoff.fail();
  }
}

std::chrono::milliseconds AppWorker::next_interval() {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  return jittered(m_options.watched.interval, k_jitter, unit(m_random));
}

void AppWorker::failed(const std::string& what, const std::string& message) {
  const auto delay = m_backoff.fail();
  {
    std::lock_guard lock(m_mutex);
    m_backing_off = true;
    m_next_sync = std::chrono::steady_clock::now() + delay;
  }
  m_metrics.count_sync(name(), "failed");
  m_metrics.set_failures(name(), static_cast<std::size_t>(m_backoff.failures()));
  m_log.write(LogLevel::error, name(), what,
              {{"error", message},
               {"retry_in", seconds_text(delay)},
               {"failures", std::to_string(m_backoff.failures())}});
  // `status` reads the app's state from its inventory. A cluster that cannot
  // be reached cannot take this either; the error above says why.
  if (auto recorded =
          record_failure(*m_cluster, m_options.watched.app, what + ": " + message, m_options.agent);
      !recorded) {
    m_log.write(LogLevel::warning, name(), "cannot mark the app Failed in its inventory",
                {{"error", to_string(recorded.error())}});
  } else {
    stamped();
  }
}

void AppWorker::succeeded() {
  m_backoff.reset();
  m_metrics.set_failures(name(), 0);
  std::lock_guard lock(m_mutex);
  m_backing_off = false;
  m_next_sync = std::chrono::steady_clock::now() + next_interval();
}

void AppWorker::refused(const std::string& reason) {
  m_metrics.count_sync(name(), "refused");
  const auto delay = m_backoff.fail();
  m_log.write(LogLevel::error, name(), "sync refused by a safety guard, nothing was changed",
              {{"reason", reason}, {"retry_in", seconds_text(delay)}});
  std::lock_guard lock(m_mutex);
  m_backing_off = true;
  m_next_sync = std::chrono::steady_clock::now() + delay;
}

void AppWorker::reconcile_cycle() {
  const auto& app = m_options.watched.app;
  auto loaded = load_app(*m_git, m_cluster.get(), app, m_options.cluster.kubectl);
  if (!loaded) {
    failed("cannot load the app from git, keeping the last good state", to_string(loaded.error()));
    return;
  }
  // A commit with objects outside the app's reach is never published: heals
  // keep to the last good one.
  if (auto refusal = reach_refusal(app.name, loaded->desired, app.reach); !refusal.empty()) {
    refused(refusal);
    return;
  }
  auto inventory = load_inventory(*m_cluster, app.name);
  if (!inventory) {
    failed("cannot read the app's inventory", to_string(inventory.error()));
    return;
  }
  notice_agent(*inventory ? (*inventory)->agent : std::string());
  const bool suspended = *inventory && (*inventory)->suspended;
  if (suspended != m_suspended.load()) {
    m_log.write(LogLevel::info, name(), suspended ? "suspended: self-heal paused" : "resumed");
  }
  m_suspended = suspended;
  m_metrics.set_suspended(name(), suspended);
  if (!m_synced_commit.empty() && m_synced_commit != loaded->checkout.commit) {
    std::lock_guard lock(m_mutex);
    m_fights.clear();  // git declares something new: give every object a fresh start
    m_metrics.set_fights(name(), 0);
  }
  if (suspended) {
    reconcile_suspended(std::move(*loaded), *inventory);
    return;
  }
  {
    std::lock_guard lock(m_mutex);
    m_reported_drift.clear();
  }
  // Heals go to this commit from now on, while it is being applied.
  auto previous = published();
  auto shared = std::make_shared<const LoadedApp>(std::move(*loaded));
  publish(shared);

  SyncOptions options;
  options.app = app;
  options.prune = m_options.watched.prune;
  options.ownership = m_options.watched.ownership;
  options.kubectl = m_options.cluster.kubectl;
  options.agent = m_options.agent;
  // Waves wait for health; a shutdown must not sit out that wait.
  options.health = m_health;
  options.health.should_stop = [this] {
    std::lock_guard lock(m_mutex);
    return m_stopping;
  };
  {
    // A fight stopped the heals of these objects: the sync leaves them too.
    std::lock_guard lock(m_mutex);
    options.leave_drifted = m_fights.fought();
  }
  std::ostringstream engine_log;
  auto report = sync_loaded_app(
      *m_cluster, *shared, options, [](const PrunePlan&) { return false; }, engine_log);
  std::istringstream lines(engine_log.str());
  for (std::string line; std::getline(lines, line);) {
    m_log.write(LogLevel::info, name(), "object", {{"change", line}});
  }
  if (!report) {
    publish(previous);
    failed("sync failed, keeping the last good state", to_string(report.error()));
    return;
  }
  if (!report->refusal.empty()) {
    publish(previous);  // nothing was applied: heals keep to the last good commit
    // Nor written: the inventory keeps the stamp it had.
    refused(report->refusal);
    return;
  }
  stamped();  // the sync wrote the inventory, or found it as it would have
  const auto failures =
      report->count(ObjectAction::failed) + report->count(ObjectAction::prune_failed);
  const auto applied = report->count(ObjectAction::created) +
                       report->count(ObjectAction::configured) +
                       report->count(ObjectAction::replaced);
  m_metrics.set_objects(name(), {{"InSync", report->unchanged + applied}, {"Failed", failures}});
  std::map<std::string, std::size_t> by_health;
  for (const auto& object : report->object_health) {
    ++by_health[to_string(object.health.state)];
  }
  m_metrics.set_health(name(), to_string(app_health(report->object_health)), by_health);
  if (failures > 0) {
    std::string first;
    for (const auto& outcome : report->outcomes) {
      if (outcome.action == ObjectAction::failed || outcome.action == ObjectAction::prune_failed) {
        first = to_string(outcome.key) + ": " + outcome.detail;
        break;
      }
    }
    failed("sync failed for " + std::to_string(failures) + " object(s)", first);
    return;
  }
  if (!report->healthy()) {
    // A sync wave waited in vain for the waves before it: the later waves
    // were not applied. Retried with backoff, as any failed sync.
    const auto& blocking = report->health->blocking;
    failed("sync stopped: earlier sync waves are not healthy",
           blocking.empty() ? std::string()
                            : to_string(blocking.front().key) + " is " +
                                  to_string(blocking.front().health.state) + ": " +
                                  blocking.front().health.message);
    return;
  }
  const bool new_commit = m_synced_commit != report->commit;
  m_synced_commit = report->commit;
  if (new_commit || applied > 0 || report->count(ObjectAction::pruned) > 0) {
    m_log.write(LogLevel::info, name(), "synced",
                {{"commit", short_commit(report->commit)},
                 {"applied", std::to_string(applied)},
                 {"pruned", std::to_string(report->count(ObjectAction::pruned))},
                 {"unchanged", std::to_string(report->unchanged)}});
  }
  m_metrics.count_sync(name(), "succeeded");
  m_metrics.set_synced(name(), report->commit, unix_now());
  watch_kinds();
  succeeded();
}

void AppWorker::reconcile_suspended(LoadedApp loaded, const std::optional<Inventory>& inventory) {
  const auto& app = m_options.watched.app;
  auto reconciliation = reconcile(*m_cluster, loaded.scope, loaded.desired, inventory, app);
  if (!reconciliation) {
    failed("cannot compare the app with git", to_string(reconciliation.error()));
    return;
  }
  for (const auto& object : reconciliation->objects) {
    if (object.state == SyncState::modified || object.state == SyncState::missing) {
      std::unique_lock lock(m_mutex);
      if (m_reported_drift.insert(object.key).second) {
        lock.unlock();
        m_metrics.count_drift(name());
        m_log.write(LogLevel::warning, name(), "drift detected, not healed: app suspended",
                    {{"object", to_string(object.key)}, {"state", to_string(object.state)}});
      }
    }
  }
  m_metrics.set_objects(name(), {{"InSync", reconciliation->count(SyncState::in_sync)},
                                 {"Modified", reconciliation->count(SyncState::modified)},
                                 {"Missing", reconciliation->count(SyncState::missing)},
                                 {"Extra", reconciliation->count(SyncState::extra)}});
  m_metrics.count_sync(name(), "suspended");
  publish(std::make_shared<const LoadedApp>(std::move(loaded)));
  watch_kinds();
  succeeded();
}

void AppWorker::stamped() {
  std::lock_guard lock(m_mutex);
  m_peers.stamped();
}

void AppWorker::notice_agent(const std::string& agent) {
  {
    std::lock_guard lock(m_mutex);
    if (!m_peers.seen(agent, std::chrono::steady_clock::now())) {
      return;
    }
  }
  m_log.write(LogLevel::warning, name(),
              "another agent also syncs this app: each may undo what the other applies",
              {{"agent", agent},
               {"self", m_options.agent},
               {"hint", m_options.leader_elected
                            ? "they hold different Leases: give them one --leader-elect-name"
                            : "run one agent per app, or start every agent with --leader-elect"}});
}

void AppWorker::publish(std::shared_ptr<const LoadedApp> loaded) {
  std::map<ResourceKey, std::size_t> index;
  if (loaded) {
    for (std::size_t i = 0; i < loaded->desired.size(); ++i) {
      index.emplace(loaded->desired[i].key, i);
    }
  }
  std::lock_guard lock(m_mutex);
  m_loaded = std::move(loaded);
  m_desired_index = std::move(index);
}

SourceSpec AppWorker::followed_source() {
  auto source = m_options.watched.app.source;
  if (source.revision.empty()) {
    if (const auto loaded = published()) {
      source.revision = loaded->checkout.revision;
    }
  }
  return source;
}

std::shared_ptr<const LoadedApp> AppWorker::published() {
  std::lock_guard lock(m_mutex);
  return m_loaded;
}

void AppWorker::watch_kinds() {
  std::map<std::string, ApiResource> wanted;  // by qualified resource
  // ConfigMaps always: the inventory carries the app label, so suspend and
  // resume are noticed at once.
  wanted.emplace("configmaps", ApiResource{"", "v1", "ConfigMap", "configmaps", true});
  const auto loaded = published();
  if (!loaded) {
    return;
  }
  for (const auto& object : loaded->desired) {
    wanted.emplace(object.resource.qualified_resource(), object.resource);
  }
  const auto selector = std::string(keys::k_app_label) + "=" + name();
  for (const auto& [qualified, resource] : wanted) {
    if (m_watched_kinds.contains(qualified)) {
      continue;
    }
    m_watched_kinds.insert(qualified);
    auto watcher = m_watch_kind(
        resource, selector, [this](WatchEvent event) { contained_on_event(std::move(event)); },
        [this](bool error, const std::string& message) {
          m_log.write(error ? LogLevel::error : LogLevel::info, name(), message);
        });
    watcher->start();
    m_watchers.push_back(std::move(watcher));
  }
}

void AppWorker::contained_on_event(WatchEvent event) {
  // Runs on the kind watch's thread: nothing may escape into it.
  const auto key = event.key;
  try {
    on_event(std::move(event));
  } catch (const std::exception& error) {
    m_log.write(LogLevel::error, name(), "cannot take a watch event",
                {{"object", to_string(key)}, {"error", error.what()}});
  }
}

void AppWorker::on_event(WatchEvent event) {
  if (event.type == WatchEventType::error) {
    return;
  }
  if (event.key == m_inventory_key) {
    // Suspension takes effect at once; the next reconcile logs it.
    if (event.type != WatchEventType::deleted) {
      notice_agent(annotation_of(event.object, keys::k_agent_annotation).value_or(""));
      const bool suspended = annotation_of(event.object, keys::k_suspended_annotation) == "true";
      if (suspended != m_suspended.exchange(suspended)) {
        m_metrics.set_suspended(name(), suspended);
        m_log.write(LogLevel::info, name(), suspended ? "suspended: self-heal paused" : "resumed");
        if (!suspended) {
          wake();  // heal what drifted while suspended
        }
      }
    }
    return;
  }
  {
    std::lock_guard lock(m_mutex);
    m_debouncer.add(std::move(event), std::chrono::steady_clock::now());
  }
  m_wakeup.notify_all();
}

void AppWorker::contained_heal(const PendingEvent& pending) {
  std::string message;
  try {
    heal(pending);
    return;
  } catch (const std::exception& error) {
    message = error.what();
  } catch (...) {
    message = "unknown exception";
  }
  m_metrics.count_heal_failure(name());
  m_log.write(LogLevel::error, name(), "heal failed",
              {{"object", to_string(pending.event.key)}, {"error", message}});
}

void AppWorker::heal(const PendingEvent& pending) {
  const auto& key = pending.event.key;
  std::shared_ptr<const LoadedApp> loaded;
  std::size_t index = 0;
  {
    std::lock_guard lock(m_mutex);
    const auto found = m_desired_index.find(key);
    if (!m_loaded || found == m_desired_index.end()) {
      return;  // not declared in git: pruning it is the periodic sync's job
    }
    loaded = m_loaded;
    index = found->second;
  }
  const bool deleted = pending.event.type == WatchEventType::deleted;
  auto desired = loaded->desired[index];
  const auto& ignored_managers = m_options.watched.app.ignore_managers;
  if (!deleted && !ignored_managers.empty()) {
    // Fields these managers own (an HPA's spec.replicas) are theirs: neither
    // compared nor applied.
    desired.object = without_fields_of(desired.object, pending.event.object, ignored_managers);
  }
  // What the heal reverts: the fight detector counts reverts per field.
  if (!deleted && compare_object(desired, pending.event.object) == SyncState::in_sync) {
    return;  // also what our own applies look like when they come back
  }
  auto reverted =
      deleted ? std::vector<std::string>{} : drifted_fields(desired, pending.event.object);
  if (reverted.empty()) {
    reverted.emplace_back(FightDetector::k_whole_object);
  }
  const LogFields object_fields{{"object", to_string(key)},
                                {"change", deleted ? "deleted" : "modified"}};
  if (m_suspended.load()) {
    bool first = false;
    {
      std::lock_guard lock(m_mutex);
      first = m_reported_drift.insert(key).second;
    }
    if (first) {
      m_metrics.count_drift(name());
    }
    m_log.write(LogLevel::warning, name(), "drift detected, not healed: app suspended",
                object_fields);
    return;
  }
  m_metrics.count_drift(name());
  {
    std::lock_guard lock(m_mutex);
    if (m_fights.fighting(key)) {
      return;  // reported once, when the fight was noticed
    }
  }
  auto applied = m_heal_cluster->apply({desired.object}, DryRun::no);
  const auto latency = std::chrono::steady_clock::now() - pending.received;
  if (!applied || applied->empty() || !applied->front().error.empty()) {
    auto fields = object_fields;
    fields.emplace_back("error", !applied
                                     ? to_string(applied.error())
                                     : (applied->empty() ? "no result" : applied->front().error));
    m_metrics.count_heal_failure(name());
    m_log.write(LogLevel::error, name(), "heal failed", fields);
    return;
  }
  m_metrics.observe_heal(name(), std::chrono::duration<double>(latency).count());
  auto fields = object_fields;
  fields.emplace_back("latency", seconds_text(latency));
  std::string reverted_text;
  for (const auto& field : reverted) {
    reverted_text += (reverted_text.empty() ? "" : ",") + field;
  }
  fields.emplace_back("fields", reverted_text);
  m_log.write(LogLevel::info, name(), "healed", fields);
  bool fight = false;
  std::size_t fights = 0;
  std::string fought_field;
  {
    std::lock_guard lock(m_mutex);
    fight = m_fights.record_heal(key, reverted, std::chrono::steady_clock::now(), &fought_field);
    fights = m_fights.fights();
  }
  if (fight) {
    m_metrics.set_fights(name(), fights);
    m_log.write(LogLevel::error, name(),
                "stopped healing " + to_string(key) + ": fighting with " +
                    last_writer(pending.event.object) + " over " + fought_field,
                {{"object", to_string(key)},
                 {"field", fought_field},
                 {"heals", std::to_string(m_options.fight_limit + 1)},
                 {"window", seconds_text(m_options.fight_window)}});
  }
}

}  // namespace kgitops
