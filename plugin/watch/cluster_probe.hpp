#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "core/error.hpp"

namespace kgitops {

// Asks the cluster whether it answers, every interval on a thread of its own,
// for /readyz: a watch that cannot reach its cluster is not ready.
class ClusterProbe {
 public:
  using Probe = std::function<Result<void>()>;
  // Told of each change: reachable or not, and why not.
  using Listener = std::function<void(bool reachable, const std::string& error)>;

  ClusterProbe(Probe probe, std::chrono::milliseconds interval, Listener on_change);
  ~ClusterProbe();
  ClusterProbe(const ClusterProbe&) = delete;
  ClusterProbe& operator=(const ClusterProbe&) = delete;

  // Probes at once, then every interval.
  void start();
  void stop();
  // What the last probe found; true before the first.
  bool reachable() const { return m_reachable.load(); }

 private:
  void run();

  Probe m_probe;
  std::chrono::milliseconds m_interval;
  Listener m_on_change;
  std::atomic<bool> m_reachable{true};
  std::mutex m_mutex;
  std::condition_variable m_wakeup;
  bool m_stopping = false;
  std::thread m_thread;
};

}  // namespace kgitops
