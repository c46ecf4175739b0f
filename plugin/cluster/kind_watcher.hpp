#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cluster/cluster.hpp"
#include "cluster/resume_point.hpp"
#include "cluster/watch_event.hpp"

namespace kgitops {

// The watch of one kind, as the app worker drives it: KindWatcher runs
// kubectl; unit tests deliver the events themselves.
class KindWatch {
 public:
  using EventHandler = std::function<void(WatchEvent)>;
  using Logger = std::function<void(bool error, const std::string& message)>;

  virtual ~KindWatch() = default;
  virtual void start() = 0;
  // Ends the watch: once it returns, no event is delivered.
  virtual void stop() = 0;
};

// Makes the watch (not yet started) of the objects of `resource` that match
// the label `selector`.
using KindWatchFactory = std::function<std::unique_ptr<KindWatch>(
    const ApiResource& resource, const std::string& selector, KindWatch::EventHandler on_event,
    KindWatch::Logger log)>;

// The time a KindWatcher's restarts run on: the steady clock, and a pause on
// the watcher's condition that stop() cuts short. Tests replace both, so the
// back-off is checked without sleeping through it.
struct WatcherClock {
  using Pause =
      std::function<void(std::unique_lock<std::mutex>& lock, std::condition_variable& wakeup,
                         std::chrono::milliseconds delay, const std::function<bool()>& stopping)>;
  std::function<std::chrono::steady_clock::time_point()> now = [] {
    return std::chrono::steady_clock::now();
  };
  Pause pause = [](std::unique_lock<std::mutex>& lock, std::condition_variable& wakeup,
                   std::chrono::milliseconds delay, const std::function<bool()>& stopping) {
    wakeup.wait_for(lock, delay, stopping);
  };
};

// Runs one long-lived watch of a kind with kubectl and turns its output into
// events, on a thread of its own with a blocking pipe. The first run is a
// `kubectl get <kind> --watch`, which lists every object first (as ADDED
// events). When kubectl ends it is restarted with backoff, from the last
// resourceVersion seen with `kubectl get --raw` (see ResumePoint): no new
// listing, unless resuming fails. Every child is killed and reaped by
// stop(), which the destructor calls: none outlives the watcher.
class KindWatcher final : public KindWatch {
 public:
  // `kubectl`: kubectl and its global flags; `selector`: the label selector
  // of the objects to watch.
  KindWatcher(std::vector<std::string> kubectl, ApiResource resource, std::string selector,
              EventHandler on_event, Logger log, WatcherClock clock = {});
  ~KindWatcher() override;
  KindWatcher(const KindWatcher&) = delete;
  KindWatcher& operator=(const KindWatcher&) = delete;

  void start() override;
  // Kills the current kubectl, waits for it to be reaped and the thread to end.
  void stop() override;

 private:
  void run();
  // One kubectl, to its end: its exit status, none when it could not start.
  std::optional<int> run_once(const std::vector<std::string>& argv, bool resuming,
                              ResumePoint& resume);
  std::vector<std::string> argv_for(const std::optional<std::string>& resource_version) const;

  std::vector<std::string> m_kubectl;
  ApiResource m_resource;
  std::string m_selector;
  std::string m_name;
  EventHandler m_on_event;
  Logger m_log;
  WatcherClock m_clock;
  std::thread m_thread;
  std::mutex m_mutex;
  std::condition_variable m_wakeup;
  bool m_stopping = false;
  int m_pid = 0;  // the running kubectl, 0 when none (guarded by m_mutex)
};

// `kubectl get <resource> --all-namespaces -l <selector> --watch
// --output-watch-events -o json` after `base` (kubectl and its global flags).
std::vector<std::string> kind_watch_argv(std::vector<std::string> base, const std::string& resource,
                                         const std::string& selector);

}  // namespace kgitops
