#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "cluster/cluster_options.hpp"
#include "http/hook_payload.hpp"
#include "http/metrics.hpp"
#include "watch/app_worker.hpp"
#include "watch/watch_config.hpp"
#include "watch/watch_log.hpp"
#include "watch/worker_pool.hpp"

namespace kgitops {

// How the agent's apps are made: their common settings, and a worker's
// cluster, git and kind watches for an identity.
struct AppSetOptions {
  ClusterOptions cluster;
  std::string agent;  // the identity stamped on inventories
  int fight_limit = defaults::k_fight_limit;
  int max_concurrent_syncs = defaults::k_max_concurrent_syncs;
  int max_concurrent_heals = defaults::k_max_concurrent_heals;
  bool leader_elected = false;
  // One shard of a fleet: the kind watches select this agent's apps by name,
  // not every app's objects (SharedKindWatches::watch_only).
  bool watch_own_apps_only = false;
  std::function<AppWorkerDependencies(const ClusterOptions& cluster)> dependencies;
};

// What a reload changed, by app name.
struct AppSetChange {
  std::vector<std::string> added;
  std::vector<std::string> removed;
  std::vector<std::string> restarted;  // listed before and after, but not alike
  bool empty() const { return added.empty() && removed.empty() && restarted.empty(); }
};

// The agent's apps, one worker each, whose reconciles and heals run on two
// pools of a few threads each (however many apps there are). They start once the agent may act (it
// leads, or elects no leader). A reload hands over the apps now listed: a
// new app starts, a removed one stops (its objects stay in the cluster: a
// sync of another agent, or a prune, decides about those), one whose entry
// changed restarts, and the others go on untouched. An app's shared kind
// watches close with the last app that declares the kind. Safe from any
// thread; the HTTP endpoints ask while a reload runs.
class AppSet {
 public:
  AppSet(AppSetOptions options, std::vector<WatchedApp> apps, WatchLog& log, Metrics& metrics);
  ~AppSet();
  AppSet(const AppSet&) = delete;
  AppSet& operator=(const AppSet&) = delete;

  void start();
  // Each worker finishes its step in progress; nothing starts afterwards.
  void stop();
  AppSetChange replace(std::vector<WatchedApp> apps);

  std::size_t size() const;
  // Every app has finished its first reconcile.
  bool ready() const;
  // Wakes the apps that follow the pushed repository and branch; their names.
  std::vector<std::string> wake(const HookPayload& payload);

 private:
  struct Running {
    WatchedApp app;
    std::shared_ptr<AppWorker> worker;
  };
  Running make(const WatchedApp& app);
  void start_one(const Running& running);
  // Tells the kind watches the apps listed now, when they watch only those.
  void watch_only(const std::vector<WatchedApp>& apps);

  AppSetOptions m_options;
  WatchLog& m_log;
  Metrics& m_metrics;
  // Declared before the workers, which use them: destroyed after.
  std::shared_ptr<WorkerPool> m_sync_pool;
  std::shared_ptr<WorkerPool> m_heal_pool;
  std::mutex m_reload;  // one reload at a time
  mutable std::mutex m_mutex;
  bool m_started = false;
  bool m_stopped = false;
  std::vector<Running> m_running;
  // The hubs of the apps' kind watches, and the names they are told to watch.
  std::set<std::shared_ptr<SharedKindWatches>> m_hubs;
  std::set<std::string> m_watched_names;
};

}  // namespace kgitops
