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

void Metrics::set_leader(bool leader) {
  std::lock_guard lock(m_mutex);
  m_leader = leader;
}

void Metrics::set_suspended(const std::string& app, bool suspended) {
  std::lock_guard lock(m_mutex);
  m_suspended[app] = suspended;
}

std::string Metrics::render() const {
  std::lock_guard lock(m_mutex);
  std::ostringstream out;
  header(out, "kubectl_gitops_syncs_total", "counter", "Reconciles of an app, by result.");
  for (const auto& [id, value] : m_syncs) {
    out << "kubectl_gitops_syncs_total{" << label("app", id.first) << ","
        << label("result", id.second) << "} " << number(value) << "\n";
  }
  header(out, "kubectl_gitops_drift_events_total", "counter",
         "Objects found to differ from git outside a sync.");
  for (const auto& [app, value] : m_drift_events) {
    out << "kubectl_gitops_drift_events_total{" << label("app", app) << "} " << number(value)
        << "\n";
  }
  header(out, "kubectl_gitops_heal_duration_seconds", "histogram",
         "From a drift event received to the healing apply returned.");
  const auto& buckets = heal_buckets();
  for (const auto& [app, histogram] : m_heals) {
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
  header(out, "kubectl_gitops_last_sync_timestamp_seconds", "gauge",
         "When the app last reconciled successfully, in Unix seconds.");
  for (const auto& [app, value] : m_last_sync) {
    out << "kubectl_gitops_last_sync_timestamp_seconds{" << label("app", app) << "} "
        << number(value) << "\n";
  }
  header(out, "kubectl_gitops_last_synced_commit_info", "gauge",
         "The commit the app last reconciled, as a label.");
  for (const auto& [app, commit] : m_last_commit) {
    out << "kubectl_gitops_last_synced_commit_info{" << label("app", app) << ","
        << label("commit", commit) << "} 1\n";
  }
  header(out, "kubectl_gitops_objects", "gauge", "The app's objects, by sync state.");
  for (const auto& [app, states] : m_objects) {
    for (const auto& [state, count] : states) {
      out << "kubectl_gitops_objects{" << label("app", app) << "," << label("state", state) << "} "
          << count << "\n";
    }
  }
  header(out, "kubectl_gitops_app_health", "gauge",
         "1 for the app's health (its worst object's), 0 for the other states.");
  for (const auto& [app, health] : m_health) {
    for (const auto* state :
         {"Healthy", "Progressing", "Suspended", "Degraded", "Missing", "Unknown"}) {
      out << "kubectl_gitops_app_health{" << label("app", app) << "," << label("health", state)
          << "} " << (health == state ? 1 : 0) << "\n";
    }
  }
  header(out, "kubectl_gitops_objects_by_health", "gauge", "The app's objects, by health.");
  for (const auto& [app, states] : m_objects_by_health) {
    for (const auto& [state, count] : states) {
      out << "kubectl_gitops_objects_by_health{" << label("app", app) << ","
          << label("health", state) << "} " << count << "\n";
    }
  }
  header(out, "kubectl_gitops_fights", "gauge",
         "Objects no longer healed because another writer keeps changing them.");
  for (const auto& [app, value] : m_fights) {
    out << "kubectl_gitops_fights{" << label("app", app) << "} " << value << "\n";
  }
  header(out, "kubectl_gitops_sync_failed", "gauge",
         "1 while the app's last reconcile failed: it keeps its last good commit.");
  for (const auto& [app, value] : m_failures) {
    out << "kubectl_gitops_sync_failed{" << label("app", app) << "} " << (value > 0 ? 1 : 0)
        << "\n";
  }
  header(out, "kubectl_gitops_consecutive_failures", "gauge",
         "Reconciles of the app in a row that failed.");
  for (const auto& [app, value] : m_failures) {
    out << "kubectl_gitops_consecutive_failures{" << label("app", app) << "} " << value << "\n";
  }
  header(out, "kubectl_gitops_heal_failures_total", "counter",
         "Heals of a single object that failed.");
  for (const auto& [app, value] : m_heal_failures) {
    out << "kubectl_gitops_heal_failures_total{" << label("app", app) << "} " << number(value)
        << "\n";
  }
  header(out, "kubectl_gitops_suspended", "gauge", "1 while the app's self-heal is suspended.");
  for (const auto& [app, value] : m_suspended) {
    out << "kubectl_gitops_suspended{" << label("app", app) << "} " << (value ? 1 : 0) << "\n";
  }
  if (m_leader) {
    header(out, "kubectl_gitops_leader", "gauge",
           "1 while this agent holds the leader election Lease and syncs, 0 on standby.");
    out << "kubectl_gitops_leader " << (*m_leader ? 1 : 0) << "\n";
  }
  return out.str();
}

}  // namespace kgitops
