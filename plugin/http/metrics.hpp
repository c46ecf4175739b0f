#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace kgitops {

// The watch's Prometheus metrics, updated from every app's thread and
// rendered for /metrics in the text exposition format 0.0.4.
class Metrics {
 public:
  // Upper bounds of the heal duration histogram, in seconds.
  static const std::vector<double>& heal_buckets();

  // One reconcile of `app` ended with `result` ("succeeded", "failed", "refused", "suspended").
  void count_sync(const std::string& app, const std::string& result);
  // An object of `app` was found to differ from git.
  void count_drift(const std::string& app);
  // An object of `app` was healed in `seconds` (event received to apply returned).
  void observe_heal(const std::string& app, double seconds);
  // `app` reconciled `commit` at `unix_seconds`.
  void set_synced(const std::string& app, const std::string& commit, double unix_seconds);
  // How many objects of `app` are in each state ("InSync", "Modified", ...).
  void set_objects(const std::string& app, const std::map<std::string, std::size_t>& by_state);
  // The app's health (the worst of its objects') and its objects by health
  // state ("Healthy", "Progressing", ...).
  void set_health(const std::string& app, const std::string& health,
                  const std::map<std::string, std::size_t>& by_health);
  void set_fights(const std::string& app, std::size_t fights);
  // How many reconciles of `app` in a row failed (0: the last one succeeded).
  void set_failures(const std::string& app, std::size_t consecutive);
  // A heal of an object of `app` failed.
  void count_heal_failure(const std::string& app);
  void set_suspended(const std::string& app, bool suspended);
  // A reconcile's list read `cached` kinds from the agent's watch cache and
  // `listed` kinds from the server.
  void count_live_reads(std::size_t cached, std::size_t listed);
  // Under leader election: whether this agent holds the Lease.
  void set_leader(bool leader);
  // The agent's `pool` ("sync", "heal"): apps whose work runs now, and apps
  // whose work is due and waits for a thread.
  void set_work(const std::string& pool, std::size_t running, std::size_t waiting);

  // Drops every series of `app`: it is no longer watched.
  void forget(const std::string& app);

  // Every series, in the text exposition format.
  std::string render() const;

 private:
  struct Histogram {
    std::vector<std::size_t> counts;  // per bucket, not cumulative
    std::size_t count = 0;
    double sum = 0;
  };
  mutable std::mutex m_mutex;
  std::map<std::pair<std::string, std::string>, double> m_syncs;  // (app, result)
  std::map<std::string, double> m_drift_events;
  std::map<std::string, Histogram> m_heals;
  std::map<std::string, double> m_last_sync;
  std::map<std::string, std::string> m_last_commit;
  std::map<std::string, std::map<std::string, std::size_t>> m_objects;
  std::map<std::string, std::string> m_health;
  std::map<std::string, std::map<std::string, std::size_t>> m_objects_by_health;
  std::map<std::string, std::size_t> m_fights;
  std::map<std::string, std::size_t> m_failures;
  std::map<std::string, double> m_heal_failures;
  std::map<std::string, bool> m_suspended;
  std::optional<bool> m_leader;                                       // nullopt: no leader election
  std::map<std::string, std::pair<std::size_t, std::size_t>> m_work;  // (running, waiting) by pool
  std::size_t m_cached_reads = 0;
  std::size_t m_listed_reads = 0;
};

// `value` escaped for a label value: backslash, double quote and newline.
std::string escape_label_value(const std::string& value);

}  // namespace kgitops
