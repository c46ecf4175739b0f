#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "watch/watch_event.hpp"

namespace kgitops {

// Runs one long-lived `kubectl get <kind> --watch` and turns its output into
// events, on a thread of its own with a blocking pipe. When kubectl ends it
// is restarted with backoff (kubectl cannot resume from a resourceVersion, so
// a restart lists again, as ADDED events). Every child is killed and reaped
// by stop(), which the destructor calls: none outlives the watcher.
class KindWatcher {
 public:
  using EventHandler = std::function<void(WatchEvent)>;
  using Logger = std::function<void(bool error, const std::string& message)>;

  // `argv`: the full kubectl command line; `name`: the kind, for logs.
  KindWatcher(std::vector<std::string> argv, std::string name, EventHandler on_event, Logger log);
  ~KindWatcher();
  KindWatcher(const KindWatcher&) = delete;
  KindWatcher& operator=(const KindWatcher&) = delete;

  void start();
  // Kills the current kubectl, waits for it to be reaped and the thread to end.
  void stop();

 private:
  void run();
  bool run_once();  // one kubectl, to its end; false when it could not start

  std::vector<std::string> m_argv;
  std::string m_name;
  EventHandler m_on_event;
  Logger m_log;
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
