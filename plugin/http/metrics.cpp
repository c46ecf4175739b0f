#include "http/metrics.hpp"

#include <cmath>
#include <sstream>

namespace kgitops {
namespace {

std::string number(double value) {
  if (std::isinf(value)) {
    return value > 0 ? "+Inf" : "-Inf";
  }
  std::ostringstream text;
  text.precision(15);
  text << value;
  return text.str();
}

std::string label(const std::string& name, const std::string& value) {
  return name + "=\"" + escape_label_value(value) + "\"";
}

void header(std::ostream& out, const std::string& name, const std::string& type,
            const std::string& help) {
  out << "# HELP " << name << " " << help << "\n# TYPE " << name << " " << type << "\n";
}

using PerApp = std::map<std::string, double>;
using PerAppCount = std::map<std::string, std::size_t>;
using PerAppStates = std::map<std::string, std::map<std::string, std::size_t>>;

// `name{app="<app>"} <value>` for every app of `values`, the value as
// `format` writes it.
template <typename Values, typename Format>
void write_per_app(std::ostream& out, const char* name, const Values& values, Format format) {
  for (const auto& [app, value] : values) {
    out << name << "{" << label("app", app) << "} " << format(value) << "\n";
  }
}

// `name{app="<app>",<key>="<state>"} <count>` for every state of every app.
void write_per_app_state(std::ostream& out, const char* name, const char* key,
                         const PerAppStates& values) {
  for (const auto& [app, states] : values) {
    for (const auto& [state, count] : states) {
      out << name << "{" << label("app", app) << "," << label(key, state) << "} " << count << "\n";
    }
  }
}

const auto k_as_number = [](double value) { return number(value); };
const auto k_as_is = [](std::size_t value) { return value; };

void write_sync_counters(std::ostream& out,
                         const std::map<std::pair<std::string, std::string>, double>& syncs,
                         const PerApp& drift_events) {
  header(out, "kubectl_gitops_syncs_total", "counter", "Reconciles of an app, by result.");
  for (const auto& [id, value] : syncs) {
    out << "kubectl_gitops_syncs_total{" << label("app", id.first) << ","
        << label("result", id.second) << "} " << number(value) << "\n";
  }
  header(out, "kubectl_gitops_drift_events_total", "counter",
         "Objects found to differ from git outside a sync.");
  write_per_app(out, "kubectl_gitops_drift_events_total", drift_events, k_as_number);
}

// Metrics::Histogram is private: its type is deduced.
template <typename Histograms>
void write_heal_histograms(std::ostream& out, const Histograms& heals,
                           const std::vector<double>& buckets) {
  header(out, "kubectl_gitops_heal_duration_seconds", "histogram",
         "From a drift event received to the healing apply returned.");
  for (const auto& [app, histogram] : heals) {
    std::size_t cumulative = 0;
    for (std::size_t i = 0; i < buckets.size(); ++i) {
      cumulative += i < histogram.counts.size() ? histogram.counts[i] : 0;
      out << "kubectl_gitops_heal_duration_seconds_bucket{" << label("app", app) << ","
          << label("le", number(buckets[i])) << "} " << cumulative << "\n";
    }
    out << "kubectl_gitops_heal_duration_seconds_bucket{" << label("app", app) << ","
        << label("le", "+Inf") << "} " << histogram.count << "\n";
    out << "kubectl_gitops_heal_duration_seconds_sum{" << label("app", app) << "} "
        << number(histogram.sum) << "\n";
    out << "kubectl_gitops_heal_duration_seconds_count{" << label("app", app) << "} "
        << histogram.count << "\n";
  }
}

void write_last_sync(std::ostream& out, const PerApp& last_sync,
                     const std::map<std::string, std::string>& last_commit) {
  header(out, "kubectl_gitops_last_sync_timestamp_seconds", "gauge",
         "When the app last reconciled successfully, in Unix seconds.");
  write_per_app(out, "kubectl_gitops_last_sync_timestamp_seconds", last_sync, k_as_number);
  header(out, "kubectl_gitops_last_synced_commit_info", "gauge",
         "The commit the app last reconciled, as a label.");
  for (const auto& [app, commit] : last_commit) {
    out << "kubectl_gitops_last_synced_commit_info{" << label("app", app) << ","
        << label("commit", commit) << "} 1\n";
  }
}

void write_objects_and_health(std::ostream& out, const PerAppStates& objects,
                              const std::map<std::string, std::string>& health,
                              const PerAppStates& objects_by_health) {
  header(out, "kubectl_gitops_objects", "gauge", "The app's objects, by sync state.");
  write_per_app_state(out, "kubectl_gitops_objects", "state", objects);
  header(out, "kubectl_gitops_app_health", "gauge",
         "1 for the app's health (its worst object's), 0 for the other states.");
  for (const auto& [app, worst] : health) {
    for (const auto* state :
         {"Healthy", "Progressing", "Suspended", "Degraded", "Missing", "Unknown"}) {
      out << "kubectl_gitops_app_health{" << label("app", app) << "," << label("health", state)
          << "} " << (worst == state ? 1 : 0) << "\n";
    }
  }
  header(out, "kubectl_gitops_objects_by_health", "gauge", "The app's objects, by health.");
  write_per_app_state(out, "kubectl_gitops_objects_by_health", "health", objects_by_health);
}

// What keeps an app from being in sync: fights, failures, suspension.
void write_troubles(std::ostream& out, const PerAppCount& fights, const PerAppCount& failures,
                    const PerApp& heal_failures, const std::map<std::string, bool>& suspended) {
  header(out, "kubectl_gitops_fights", "gauge",
         "Objects no longer healed because another writer keeps changing them.");
  write_per_app(out, "kubectl_gitops_fights", fights, k_as_is);
  header(out, "kubectl_gitops_sync_failed", "gauge",
         "1 while the app's last reconcile failed: it keeps its last good commit.");
  write_per_app(out, "kubectl_gitops_sync_failed", failures,
                [](std::size_t value) { return value > 0 ? 1 : 0; });
  header(out, "kubectl_gitops_consecutive_failures", "gauge",
         "Reconciles of the app in a row that failed.");
  write_per_app(out, "kubectl_gitops_consecutive_failures", failures, k_as_is);
  header(out, "kubectl_gitops_heal_failures_total", "counter",
         "Heals of a single object that failed.");
  write_per_app(out, "kubectl_gitops_heal_failures_total", heal_failures, k_as_number);
  header(out, "kubectl_gitops_suspended", "gauge", "1 while the app's self-heal is suspended.");
  write_per_app(out, "kubectl_gitops_suspended", suspended,
                [](bool value) { return value ? 1 : 0; });
}

}  // namespace

const std::vector<double>& Metrics::heal_buckets() {
  static const std::vector<double> buckets{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return buckets;
}

std::string escape_label_value(const std::string& value) {
  std::string escaped;
  for (const char c : value) {
    if (c == '\\') {
      escaped += "\\\\";
    } else if (c == '"') {
      escaped += "\\\"";
    } else if (c == '\n') {
      escaped += "\\n";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

void Metrics::count_sync(const std::string& app, const std::string& result) {
  std::lock_guard lock(m_mutex);
  m_syncs[{app, result}] += 1;
}

void Metrics::count_drift(const std::string& app) {
  std::lock_guard lock(m_mutex);
  m_drift_events[app] += 1;
}

void Metrics::observe_heal(const std::string& app, double seconds) {
  std::lock_guard lock(m_mutex);
  auto& histogram = m_heals[app];
  const auto& buckets = heal_buckets();
  histogram.counts.resize(buckets.size());
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    if (seconds <= buckets[i]) {
      ++histogram.counts[i];
      break;
    }
  }
  ++histogram.count;
  histogram.sum += seconds;
}

void Metrics::set_synced(const std::string& app, const std::string& commit, double unix_seconds) {
  std::lock_guard lock(m_mutex);
  m_last_sync[app] = unix_seconds;
  m_last_commit[app] = commit;
}

void Metrics::set_objects(const std::string& app,
                          const std::map<std::string, std::size_t>& by_state) {
  std::lock_guard lock(m_mutex);
  m_objects[app] = by_state;
}

void Metrics::set_health(const std::string& app, const std::string& health,
                         const std::map<std::string, std::size_t>& by_health) {
  std::lock_guard lock(m_mutex);
  m_health[app] = health;
  m_objects_by_health[app] = by_health;
}

void Metrics::set_fights(const std::string& app, std::size_t fights) {
  std::lock_guard lock(m_mutex);
  m_fights[app] = fights;
}

void Metrics::set_failures(const std::string& app, std::size_t consecutive) {
  std::lock_guard lock(m_mutex);
  m_failures[app] = consecutive;
}

void Metrics::count_heal_failure(const std::string& app) {
  std::lock_guard lock(m_mutex);
  ++m_heal_failures[app];
}

void Metrics::count_live_reads(std::size_t cached, std::size_t listed) {
  std::lock_guard lock(m_mutex);
  m_cached_reads += cached;
  m_listed_reads += listed;
}

void Metrics::set_leader(bool leader) {
  std::lock_guard lock(m_mutex);
  m_leader = leader;
}

void Metrics::set_work(const std::string& pool, std::size_t running, std::size_t waiting) {
  std::lock_guard lock(m_mutex);
  m_work[pool] = {running, waiting};
}

void Metrics::set_suspended(const std::string& app, bool suspended) {
  std::lock_guard lock(m_mutex);
  m_suspended[app] = suspended;
}

void Metrics::forget(const std::string& app) {
  std::lock_guard lock(m_mutex);
  std::erase_if(m_syncs, [&app](const auto& entry) { return entry.first.first == app; });
  m_drift_events.erase(app);
  m_heals.erase(app);
  m_last_sync.erase(app);
  m_last_commit.erase(app);
  m_objects.erase(app);
  m_health.erase(app);
  m_objects_by_health.erase(app);
  m_fights.erase(app);
  m_failures.erase(app);
  m_heal_failures.erase(app);
  m_suspended.erase(app);
}

std::string Metrics::render() const {
  std::lock_guard lock(m_mutex);
  std::ostringstream out;
  write_sync_counters(out, m_syncs, m_drift_events);
  write_heal_histograms(out, m_heals, heal_buckets());
  write_last_sync(out, m_last_sync, m_last_commit);
  write_objects_and_health(out, m_objects, m_health, m_objects_by_health);
  write_troubles(out, m_fights, m_failures, m_heal_failures, m_suspended);
  header(out, "kubectl_gitops_live_reads_total", "counter",
         "Kinds the reconciles read the apps' objects of: from the agent's watches (cache) "
         "or by a list request (server).");
  out << "kubectl_gitops_live_reads_total{source=\"cache\"} " << m_cached_reads << "\n";
  out << "kubectl_gitops_live_reads_total{source=\"server\"} " << m_listed_reads << "\n";
  if (!m_work.empty()) {
    header(out, "kubectl_gitops_work_running", "gauge",
           "Apps whose reconcile (pool sync) or heal (pool heal) runs now.");
    for (const auto& [pool, work] : m_work) {
      out << "kubectl_gitops_work_running{pool=\"" << escape_label_value(pool) << "\"} "
          << work.first << "\n";
    }
    header(out, "kubectl_gitops_work_waiting", "gauge",
           "Apps whose reconcile or heal is due and waits for a thread of its pool.");
    for (const auto& [pool, work] : m_work) {
      out << "kubectl_gitops_work_waiting{pool=\"" << escape_label_value(pool) << "\"} "
          << work.second << "\n";
    }
  }
  if (m_leader) {
    header(out, "kubectl_gitops_leader", "gauge",
           "1 while this agent holds the leader election Lease and syncs, 0 on standby.");
    out << "kubectl_gitops_leader " << (*m_leader ? 1 : 0) << "\n";
  }
  return out.str();
}

}  // namespace kgitops
