#include "watch/cluster_probe.hpp"

namespace kgitops {

ClusterProbe::ClusterProbe(Probe probe, std::chrono::milliseconds interval, Listener on_change)
    : m_probe(std::move(probe)), m_interval(interval), m_on_change(std::move(on_change)) {}

ClusterProbe::~ClusterProbe() {
  stop();
}

void ClusterProbe::start() {
  m_thread = std::thread([this] { run(); });
}

void ClusterProbe::stop() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_wakeup.notify_all();
  if (m_thread.joinable()) {
    m_thread.join();
  }
}

void ClusterProbe::run() {
  while (true) {
    Result<void> answered;
    try {
      answered = m_probe();
    } catch (const std::exception& error) {
      answered = fail("cannot probe the cluster: ", error.what());
    }
    const bool reachable = answered.has_value();
    if (reachable != m_reachable.exchange(reachable) && m_on_change) {
      try {
        m_on_change(reachable, reachable ? std::string() : to_string(answered.error()));
      } catch (const std::exception&) {
        // Only a log line is lost; the state above is what /readyz reads.
      }
    }
    std::unique_lock lock(m_mutex);
    m_wakeup.wait_for(lock, m_interval, [this] { return m_stopping; });
    if (m_stopping) {
      return;
    }
  }
}

}  // namespace kgitops
