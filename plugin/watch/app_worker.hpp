#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <vector>

#include "cluster/cluster.hpp"
#include "cluster/kind_watcher.hpp"
#include "core/backoff.hpp"
#include "core/defaults.hpp"
#include "engine/app_comparison.hpp"
#include "engine/health_wait.hpp"
#include "engine/inventory.hpp"
#include "engine/load_app.hpp"
#include "engine/sync.hpp"
#include "git/git_source.hpp"
#include "http/metrics.hpp"
#include "render/parse_cache.hpp"
#include "watch/debouncer.hpp"
#include "watch/fight_detector.hpp"
#include "watch/peer_agent_detector.hpp"
#include "watch/shared_kind_watches.hpp"
#include "watch/sync_event_log.hpp"
#include "watch/watch_cache_cluster.hpp"
#include "watch/watch_config.hpp"
#include "watch/watch_log.hpp"
#include "watch/worker_pool.hpp"

namespace kgitops {

struct AppWorkerOptions {
  WatchedApp watched;
  ClusterOptions cluster;
  std::chrono::milliseconds debounce = defaults::k_heal_debounce;
  int fight_limit = defaults::k_fight_limit;  // heals of one object within fight_window before it
                                              // counts as a fight
  std::chrono::milliseconds fight_window = defaults::k_fight_window;
  std::chrono::milliseconds max_backoff{300'000};
  // Webhook wakes closer together than this are coalesced into one reconcile.
  std::chrono::milliseconds wake_interval{2'000};
  // This agent's name, stamped on the inventory; another name found there
  // later is a second agent on the app, and is warned about.
  std::string agent;
  bool leader_elected = false;  // the hint of that warning differs
  std::chrono::milliseconds peer_warning_repeat{600'000};
};

// What a worker reaches the cluster, git and the kind watches through:
// run_watch passes kubectl and libgit2, unit tests pass fakes.
struct AppWorkerDependencies {
  std::unique_ptr<Cluster> cluster;       // the reconciles'
  std::unique_ptr<Cluster> heal_cluster;  // the heals'
  std::unique_ptr<GitSource> git;
  KindWatchFactory watch_kind;
  // How a sync wave waits for the health of the waves before it (time and
  // sleep replaceable); the worker sets should_stop.
  HealthWaitOptions health;
  // The threads the worker's reconciles and heals run on, shared by the
  // agent's workers; none: the worker runs a thread of its own for each.
  std::shared_ptr<WorkerPool> sync_pool;
  std::shared_ptr<WorkerPool> heal_pool;
  // The hub of the kind watches: when set, the reconciles' lists are
  // answered from what it has seen where it is whole (WatchCacheCluster).
  // A sharded agent tells it which apps are its own (AppSet).
  std::shared_ptr<SharedKindWatches> live_cache;
};

// Keeps one app in sync with two lanes of work on the agent's pools: one
// reconciles the whole app every interval (or when woken by a webhook); the
// other heals single objects as the watch of their kind reports changes, one
// object per turn, so a heal never waits for a sync (several requests) to
// finish, nor one app's heals for another's. Heals go back to the commit the
// reconcile lane last published, which it does before applying a new one, so
// the two never push different commits at each other.
class AppWorker {
 public:
  AppWorker(AppWorkerOptions options, AppWorkerDependencies dependencies, WatchLog& log,
            Metrics& metrics);
  ~AppWorker();
  AppWorker(const AppWorker&) = delete;
  AppWorker& operator=(const AppWorker&) = delete;

  void start();
  // Reconcile now rather than at the next interval: at most once per
  // wake_interval (later wakes are coalesced), and never before a failed
  // app's back-off has passed.
  void wake();
  // Lets the step in progress finish, then stops the kind watches (every
  // kubectl killed and reaped); nothing of the app runs afterwards.
  void stop();
  // Whether the first reconcile has finished.
  bool ready() const { return m_ready.load(); }
  const std::string& name() const { return m_options.watched.app.name; }
  // The repository and revision the app follows; for an app of the remote's
  // HEAD, the branch HEAD named at the last fetch (the whole HEAD before one).
  SourceSpec followed_source();

 private:
  // One turn of each lane on its pool.
  void sync_turn();
  void heal_turn();
  // Queues the reconcile lane for m_next_sync.
  void schedule_sync();
  // A reconcile whose every exception becomes a failure of this app alone.
  // `pushed`: woken by a push, which a fetch shared with other apps may predate.
  void contained_reconcile(bool pushed);
  void reconcile_cycle(bool pushed);
  void succeeded();
  // Moves the next reconcile up for a wake, within the limits wake() names
  // (m_mutex held).
  void schedule_wake();
  SyncOptions sync_options();
  void sync(LoadedApp loaded, ClusterComparison compared);
  // Metrics and logs of a sync that wrote what it could.
  void synced(const SyncReport& report, const WatchSyncEvents& events);
  void reconcile_suspended(LoadedApp loaded, const Reconciliation& reconciliation);
  // Counts a drift of a suspended app once per object; true the first time.
  bool first_suspended_drift(const ResourceKey& key);
  void failed(const std::string& what, const std::string& message);
  // A safety guard stopped the sync: nothing was written; retried with backoff.
  void refused(const std::string& reason);
  void contained_heal(const PendingEvent& pending);
  // What a heal of one object writes, and the fields it reverts.
  struct Heal {
    DesiredObject desired;
    ObjectComparison comparison;
    std::vector<std::string> reverted;  // or FightDetector::k_whole_object
  };
  // nullopt when there is nothing to heal: the object is not git's, or in sync.
  std::optional<Heal> heal_of(const PendingEvent& pending);
  void heal(const PendingEvent& pending);
  // Counts the heal for the fight detector; logs the fight it starts.
  void count_fight(const PendingEvent& pending, const Heal& heal);
  void contained_on_event(WatchEvent event);
  void on_event(WatchEvent event);
  // The inventory is stamped by `agent`: warns when that is a second agent.
  void notice_agent(const std::string& agent);
  void stamped();
  void publish(std::shared_ptr<const LoadedApp> loaded);
  std::shared_ptr<const LoadedApp> published();
  void watch_kinds();
  std::chrono::milliseconds next_interval();

  AppWorkerOptions m_options;
  WatchLog& m_log;
  Metrics& m_metrics;
  std::unique_ptr<Cluster> m_cluster;            // the reconcile lane's
  WatchCacheCluster* m_cache_cluster = nullptr;  // m_cluster, when it reads the live cache
  std::unique_ptr<Cluster> m_heal_cluster;       // the heal lane's
  std::unique_ptr<GitSource> m_git;
  KindWatchFactory m_watch_kind;
  std::shared_ptr<WorkerPool> m_sync_pool;
  std::shared_ptr<WorkerPool> m_heal_pool;
  std::optional<WorkerPool::Lane> m_sync_lane;  // set by start()
  std::optional<WorkerPool::Lane> m_heal_lane;
  HealthWaitOptions m_health;
  ResourceKey m_inventory_key;

  // Used by the reconcile lane only (its turns never overlap).
  std::vector<std::unique_ptr<KindWatch>> m_watchers;
  std::set<std::string> m_watched_kinds;
  std::string m_synced_commit;
  ParseCache m_parse_cache;  // a file is parsed again only when its blob changed
  Backoff m_backoff;
  std::mt19937 m_random;

  // Shared by the two lanes, the watch threads and the HTTP server.
  std::mutex m_mutex;
  std::shared_ptr<const LoadedApp> m_loaded;  // the commit heals go back to
  std::map<ResourceKey, std::size_t> m_desired_index;
  std::set<ResourceKey> m_reported_drift;  // while suspended, each drift is counted once
  FightDetector m_fights;
  PeerAgentDetector m_peers;
  Debouncer m_debouncer;
  bool m_stopping = false;
  bool m_backing_off = false;  // the last reconcile failed: wakes wait for m_next_sync
  bool m_reconciling = false;
  bool m_wake_pending = false;  // woken during a reconcile: another one follows it
  bool m_pushed = false;        // woken since the last reconcile began: fetch afresh
  SteadyTime m_next_sync;
  SteadyTime m_last_wake;
  std::atomic<bool> m_ready{false};
  std::atomic<bool> m_suspended{false};
};

}  // namespace kgitops
