#include "watch/app_worker.hpp"

#include <algorithm>
#include <thread>
#include <utility>

#include "cluster/builtin_kinds.hpp"
#include "core/constants.hpp"
#include "watch/failure_record.hpp"

namespace kgitops {
namespace {

constexpr double k_jitter = 0.1;

std::string short_commit(const std::string& commit) {
  return commit.substr(0, 12);
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
      m_sync_pool(std::move(dependencies.sync_pool)),
      m_heal_pool(std::move(dependencies.heal_pool)),
      m_health(std::move(dependencies.health)),
      m_inventory_key{"", "ConfigMap", std::string(keys::k_inventory_namespace),
                      inventory_name(m_options.watched.app.name)},
      m_backoff(std::chrono::seconds(2), m_options.max_backoff),
      m_random(std::random_device{}()),
      m_fights(m_options.fight_limit, m_options.fight_window),
      m_peers(m_options.agent, m_options.peer_warning_repeat),
      m_debouncer(m_options.debounce) {
  if (!m_sync_pool) {
    m_sync_pool = std::make_shared<WorkerPool>(1);
  }
  if (!m_heal_pool) {
    m_heal_pool = std::make_shared<WorkerPool>(1);
  }
  if (dependencies.live_cache) {
    auto cached = std::make_unique<WatchCacheCluster>(
        std::move(m_cluster), std::move(dependencies.live_cache), defaults::k_live_cache_resync,
        [&metrics](std::size_t cached_kinds, std::size_t listed_kinds) {
          metrics.count_live_reads(cached_kinds, listed_kinds);
        });
    m_cache_cluster = cached.get();
    m_cluster = std::move(cached);
  }
}

AppWorker::~AppWorker() {
  stop();
}

void AppWorker::start() {
  m_metrics.set_suspended(name(), false);
  m_metrics.set_fights(name(), 0);
  {
    // Under the lock: a webhook may wake the app at any time.
    std::lock_guard lock(m_mutex);
    m_next_sync = std::chrono::steady_clock::now();
    m_sync_lane = m_sync_pool->add([this] { sync_turn(); });
    m_heal_lane = m_heal_pool->add([this] { heal_turn(); });
  }
  schedule_sync();
}

void AppWorker::schedule_sync() {
  SteadyTime at;
  {
    std::lock_guard lock(m_mutex);
    if (m_stopping || !m_sync_lane) {
      return;
    }
    at = m_next_sync;
  }
  m_sync_pool->schedule(*m_sync_lane, at);
}

void AppWorker::wake() {
  {
    std::lock_guard lock(m_mutex);
    m_pushed = true;
    if (m_reconciling) {
      m_wake_pending = true;  // the reconcile in progress may have fetched before the push
      return;
    }
    schedule_wake();
  }
  schedule_sync();
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
  // Each waits for its turn in progress; nothing schedules them from here on.
  std::optional<WorkerPool::Lane> sync_lane;
  std::optional<WorkerPool::Lane> heal_lane;
  {
    std::lock_guard lock(m_mutex);
    sync_lane = m_sync_lane;
    heal_lane = m_heal_lane;
  }
  if (sync_lane) {
    m_sync_pool->remove(*sync_lane);
  }
  if (heal_lane) {
    m_heal_pool->remove(*heal_lane);
  }
  // No turn runs: the watchers are ours alone now.
  for (auto& watcher : m_watchers) {
    watcher->stop();
  }
  m_watchers.clear();
}

void AppWorker::sync_turn() {
  bool pushed = false;
  {
    std::lock_guard lock(m_mutex);
    if (m_stopping) {
      return;
    }
    if (std::chrono::steady_clock::now() < m_next_sync) {
      // Queued for a time since moved later: wait for that one.
      m_sync_pool->schedule(*m_sync_lane, m_next_sync);
      return;
    }
    m_reconciling = true;
    pushed = std::exchange(m_pushed, false);
  }
  contained_reconcile(pushed);
  m_ready = true;
  {
    std::lock_guard lock(m_mutex);
    m_reconciling = false;
    if (m_wake_pending) {
      m_wake_pending = false;
      schedule_wake();
    }
  }
  schedule_sync();
}

void AppWorker::contained_reconcile(bool pushed) {
  const auto before = published();
  std::string message;
  try {
    reconcile_cycle(pushed);
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

void AppWorker::reconcile_cycle(bool pushed) {
  auto app = m_options.watched.app;
  // Apps of one repository share a fetch begun within half an interval (a
  // jittered interval is longer, so an app never skips its own); a push
  // needs a fetch begun after it.
  app.source.reuse_fetch = pushed ? std::chrono::milliseconds(0) : m_options.watched.interval / 2;
  if (m_cache_cluster != nullptr) {
    m_cache_cluster->begin_reconcile();
  }
  auto loaded = load_app(*m_git, m_cluster.get(), app, m_options.cluster.kubectl, &m_parse_cache);
  if (!loaded) {
    failed("cannot load the app from git, keeping the last good state", to_string(loaded.error()));
    return;
  }
  // A commit with objects outside the app's reach is never published: heals
  // keep to the last good one.
  auto compared =
      compare_loaded_app(*m_cluster, *loaded, app,
                         {.ownership = m_options.watched.ownership, .reads = LiveReads::may_lag});
  if (!compared) {
    failed("cannot compare the app with the cluster, keeping the last good state",
           to_string(compared.error()));
    return;
  }
  if (!compared->reach_refusal.empty()) {
    refused(compared->reach_refusal);
    return;
  }
  const auto& inventory = compared->inventory;
  notice_agent(inventory ? inventory->agent : std::string());
  const bool suspended = inventory && inventory->suspended;
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
    reconcile_suspended(std::move(*loaded), compared->reconciliation);
    return;
  }
  sync(std::move(*loaded), std::move(*compared));
}

SyncOptions AppWorker::sync_options() {
  SyncOptions options;
  options.app = m_options.watched.app;
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
  // A wave waiting for health gives its reconcile thread to another app
  // while it sleeps between looks.
  options.health.sleep = [pool = m_sync_pool,
                          sleep = m_health.sleep](std::chrono::milliseconds pause) {
    const WorkerPool::Waiting waiting(*pool);
    if (sleep) {
      sleep(pause);
    } else {
      std::this_thread::sleep_for(pause);
    }
  };
  // A fight stopped the heals of these objects: the sync leaves them too.
  std::lock_guard lock(m_mutex);
  options.leave_drifted = m_fights.fought();
  return options;
}

void AppWorker::sync(LoadedApp loaded, ClusterComparison compared) {
  {
    std::lock_guard lock(m_mutex);
    m_reported_drift.clear();
  }
  // Heals go to this commit from now on, while it is being applied.
  auto previous = published();
  auto shared = std::make_shared<const LoadedApp>(std::move(loaded));
  publish(shared);
  WatchSyncEvents events(m_log, name());
  auto report = sync_compared_app(
      *m_cluster, *shared, std::move(compared), sync_options(),
      [](const PrunePlan&) { return false; }, events);
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
  synced(*report, events);
}

void AppWorker::synced(const SyncReport& report, const WatchSyncEvents& events) {
  const auto failures = events.failures();
  m_metrics.set_objects(name(),
                        {{"InSync", report.unchanged + events.applied()}, {"Failed", failures}});
  std::map<std::string, std::size_t> by_health;
  for (const auto& object : report.object_health) {
    ++by_health[to_string(object.health.state)];
  }
  m_metrics.set_health(name(), to_string(app_health(report.object_health)), by_health);
  if (failures > 0) {
    failed("sync failed for " + std::to_string(failures) + " object(s)", report.first_failure());
    return;
  }
  if (!report.healthy()) {
    // A sync wave waited in vain for the waves before it: the later waves
    // were not applied. Retried with backoff, as any failed sync.
    failed("sync stopped: earlier sync waves are not healthy", report.first_failure());
    return;
  }
  const bool new_commit = m_synced_commit != report.commit;
  m_synced_commit = report.commit;
  const auto pruned = events.count(ObjectAction::pruned);
  if (new_commit || events.applied() > 0 || pruned > 0) {
    m_log.write(LogLevel::info, name(), "synced",
                {{"commit", short_commit(report.commit)},
                 {"applied", std::to_string(events.applied())},
                 {"pruned", std::to_string(pruned)},
                 {"unchanged", std::to_string(report.unchanged)}});
  }
  m_metrics.count_sync(name(), "succeeded");
  m_metrics.set_synced(name(), report.commit, unix_now());
  watch_kinds();
  succeeded();
}

bool AppWorker::first_suspended_drift(const ResourceKey& key) {
  bool first = false;
  {
    std::lock_guard lock(m_mutex);
    first = m_reported_drift.insert(key).second;
  }
  if (first) {
    m_metrics.count_drift(name());
  }
  return first;
}

void AppWorker::reconcile_suspended(LoadedApp loaded, const Reconciliation& reconciliation) {
  for (const auto& object : reconciliation.objects) {
    const bool drifted = object.state == SyncState::modified || object.state == SyncState::missing;
    if (drifted && first_suspended_drift(object.key)) {
      m_log.write(LogLevel::warning, name(), "drift detected, not healed: app suspended",
                  {{"object", to_string(object.key)}, {"state", to_string(object.state)}});
    }
  }
  m_metrics.set_objects(name(), {{"InSync", reconciliation.count(SyncState::in_sync)},
                                 {"Modified", reconciliation.count(SyncState::modified)},
                                 {"Missing", reconciliation.count(SyncState::missing)},
                                 {"Extra", reconciliation.count(SyncState::extra)}});
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
  wanted.emplace("configmaps", builtin_kind("", "ConfigMap"));
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

}  // namespace kgitops
