#pragma once

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "cluster/cluster.hpp"
#include "engine/inventory.hpp"
#include "engine/load_app.hpp"
#include "git/git_source.hpp"
#include "watch/backoff.hpp"
#include "watch/debouncer.hpp"
#include "watch/fight_detector.hpp"
#include "watch/kind_watcher.hpp"
#include "watch/metrics.hpp"
#include "watch/watch_config.hpp"
#include "watch/watch_log.hpp"

namespace kgitops {

struct AppWorkerOptions {
  WatchedApp watched;
  ClusterOptions cluster;
  std::filesystem::path cache_dir;
  std::chrono::milliseconds debounce{100};
  int fight_limit = 5;  // heals of one object within fight_window before it counts as a fight
  std::chrono::milliseconds fight_window{60'000};
  std::chrono::milliseconds max_backoff{300'000};
};

// Keeps one app in sync on a thread of its own: a full reconcile every
// interval (or when woken by a webhook), and in between, self-heal of single
// objects as the watch of their kind reports changes. Syncs and heals run on
// the same thread, so they never race each other.
class AppWorker {
 public:
  AppWorker(AppWorkerOptions options, WatchLog& log, Metrics& metrics);
  ~AppWorker();
  AppWorker(const AppWorker&) = delete;
  AppWorker& operator=(const AppWorker&) = delete;

  void start();
  // Reconcile now rather than at the next interval.
  void wake();
  // Lets the step in progress finish, then stops the kind watches (every
  // kubectl killed and reaped) and the thread.
  void stop();
  // Whether the first reconcile has finished.
  bool ready() const { return m_ready.load(); }
  const std::string& name() const { return m_options.watched.app.name; }

 private:
  void run();
  void reconcile_cycle();
  void reconcile_suspended(LoadedApp loaded, const std::optional<Inventory>& inventory);
  void failed(const std::string& what, const std::string& message);
  void heal(const PendingEvent& pending);
  void on_event(WatchEvent event);
  void adopt(LoadedApp loaded);
  void watch_kinds();
  std::chrono::milliseconds next_interval();

  AppWorkerOptions m_options;
  WatchLog& m_log;
  Metrics& m_metrics;
  std::unique_ptr<Cluster> m_cluster;
  std::unique_ptr<GitSource> m_git;
  ResourceKey m_inventory_key;

  // Used by the worker thread only.
  std::optional<LoadedApp> m_loaded;  // the last good commit: what heals go back to
  std::map<ResourceKey, std::size_t> m_desired_index;
  std::vector<std::unique_ptr<KindWatcher>> m_watchers;
  std::set<std::string> m_watched_kinds;
  std::set<ResourceKey> m_reported_drift;  // while suspended, each drift is counted once
  FightDetector m_fights;
  Backoff m_backoff;
  std::mt19937 m_random;

  // Shared with the watch threads and the HTTP server.
  std::mutex m_mutex;
  std::condition_variable m_wakeup;
  Debouncer m_debouncer;
  bool m_stopping = false;
  bool m_woken = false;
  SteadyTime m_next_sync;
  std::atomic<bool> m_ready{false};
  std::atomic<bool> m_suspended{false};
  std::thread m_thread;
};

}  // namespace kgitops
