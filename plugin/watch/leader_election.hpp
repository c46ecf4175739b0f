#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "cluster/lease_store.hpp"

namespace kgitops {

// client-go's defaults: a Lease is held for 15 s, its holder gives it up
// when it could not renew it for 10 s, and every agent tries every 2 s.
struct LeaderElectionOptions {
  std::string ns = "kubectl-gitops";
  std::string name = "kubectl-gitops-watch";
  std::string identity;  // this agent's name in the Lease (the Pod's name)
  std::chrono::milliseconds lease_duration{15'000};
  std::chrono::milliseconds renew_deadline{10'000};
  std::chrono::milliseconds retry_period{2'000};
};

// Takes and keeps a coordination.k8s.io/v1 Lease, as client-go's leader
// election does: another agent's Lease is taken over once it has gone
// unrenewed for its whole duration, by this agent's own clock (so clocks
// need not agree), and every write carries the resourceVersion read, so
// of two agents only one wins.
class LeaderElector {
 public:
  using Clock = std::chrono::steady_clock;
  using Logger = std::function<void(bool error, const std::string& message)>;

  // `on_started` runs once this agent holds the Lease; `on_stopped` once it
  // has lost it (not renewed within renew_deadline). Both on its thread.
  LeaderElector(LeaderElectionOptions options, std::unique_ptr<LeaseStore> store,
                std::function<void()> on_started, std::function<void()> on_stopped, Logger log);
  ~LeaderElector();
  LeaderElector(const LeaderElector&) = delete;
  LeaderElector& operator=(const LeaderElector&) = delete;

  // One round at `now` (steady) and `timestamp` (RFC 3339 with
  // microseconds, for the Lease): whether this agent holds the Lease after it.
  bool try_acquire_or_renew(Clock::time_point now, const std::string& timestamp);

  void start();
  // Ends the rounds; the Lease is kept until release().
  void stop();
  // Hands the Lease back, if held, so a standby takes over at once.
  void release();
  bool leading() const { return m_leading.load(); }

 private:
  void run();

  LeaderElectionOptions m_options;
  std::unique_ptr<LeaseStore> m_store;
  std::function<void()> m_on_started;
  std::function<void()> m_on_stopped;
  Logger m_log;
  std::string m_observed;  // holder, renewTime and resourceVersion last read
  Clock::time_point m_observed_at;
  std::atomic<bool> m_leading{false};
  std::mutex m_mutex;
  std::condition_variable m_wakeup;
  bool m_stopping = false;
  std::thread m_thread;
};

// Now as a Lease's MicroTime: "2026-12-03T16:41:00.123456Z".
std::string micro_time_now();

}  // namespace kgitops
