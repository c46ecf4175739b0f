#include "watch/leader_election.hpp"

#include "core/rfc3339.hpp"

namespace kgitops {

std::string micro_time_now() {
  return rfc3339_now(6);
}

LeaderElector::LeaderElector(LeaderElectionOptions options, std::unique_ptr<LeaseStore> store,
                             std::function<void()> on_started, std::function<void()> on_stopped,
                             Logger log)
    : m_options(std::move(options)),
      m_store(std::move(store)),
      m_on_started(std::move(on_started)),
      m_on_stopped(std::move(on_stopped)),
      m_log(std::move(log)) {}

LeaderElector::~LeaderElector() {
  stop();
}

bool LeaderElector::try_acquire_or_renew(Clock::time_point now, const std::string& timestamp) {
  const auto duration_seconds =
      std::chrono::duration_cast<std::chrono::seconds>(m_options.lease_duration).count();
  auto current = m_store->get();
  if (!current) {
    m_log(true, to_string(current.error()));
    return false;
  }
  if (!*current) {
    const Json lease{{"apiVersion", "coordination.k8s.io/v1"},
                     {"kind", "Lease"},
                     {"metadata", {{"name", m_options.name}, {"namespace", m_options.ns}}},
                     {"spec",
                      {{"holderIdentity", m_options.identity},
                       {"leaseDurationSeconds", duration_seconds},
                       {"acquireTime", timestamp},
                       {"renewTime", timestamp},
                       {"leaseTransitions", 0}}}};
    return m_store->create(lease).has_value();
  }
  Json lease = std::move(**current);
  const Json spec = lease.value("spec", Json::object());
  const auto holder = spec.value("holderIdentity", std::string());
  const auto metadata = lease.value("metadata", Json::object());
  const auto record = holder + "|" + spec.value("renewTime", std::string()) + "|" +
                      metadata.value("resourceVersion", std::string());
  if (record != m_observed) {
    // Time is measured from when this agent saw the Lease change.
    m_observed = record;
    m_observed_at = now;
  }
  const auto held_for = std::chrono::seconds(spec.value("leaseDurationSeconds", duration_seconds));
  if (!holder.empty() && holder != m_options.identity && now < m_observed_at + held_for) {
    return false;  // another agent's, and still valid
  }
  auto& written = lease["spec"];
  if (holder != m_options.identity) {
    written["acquireTime"] = timestamp;
    written["leaseTransitions"] = spec.value("leaseTransitions", 0) + 1;
  }
  written["holderIdentity"] = m_options.identity;
  written["renewTime"] = timestamp;
  written["leaseDurationSeconds"] = duration_seconds;
  return m_store->replace(lease).has_value();
}

void LeaderElector::start() {
  m_thread = std::thread([this] { run(); });
}

void LeaderElector::stop() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_wakeup.notify_all();
  if (m_thread.joinable()) {
    m_thread.join();
  }
}

void LeaderElector::release() {
  if (!m_leading.exchange(false)) {
    return;
  }
  try {
    auto current = m_store->get();
    if (current && *current &&
        (**current)["spec"].value("holderIdentity", std::string()) == m_options.identity) {
      Json lease = std::move(**current);
      lease["spec"]["holderIdentity"] = "";
      lease["spec"]["leaseDurationSeconds"] = 1;
      lease["spec"]["renewTime"] = micro_time_now();
      m_store->replace(lease);
    }
  } catch (const std::exception& error) {
    m_log(true, std::string("cannot release the Lease: ") + error.what());
  }
}

void LeaderElector::run() {
  auto last_renewed = Clock::now();
  while (true) {
    const auto now = Clock::now();
    bool held = false;
    try {
      held = try_acquire_or_renew(now, micro_time_now());
    } catch (const std::exception& error) {
      m_log(true, std::string("leader election failed: ") + error.what());
    }
    if (held) {
      last_renewed = now;
      if (!m_leading.exchange(true)) {
        m_log(false, "became the leader: Lease " + m_options.ns + "/" + m_options.name +
                         " held by " + m_options.identity);
        m_on_started();
      }
    } else if (m_leading.load() && now - last_renewed >= m_options.renew_deadline) {
      m_leading = false;
      m_log(true, "lost the Lease " + m_options.ns + "/" + m_options.name);
      m_on_stopped();
    }
    std::unique_lock lock(m_mutex);
    m_wakeup.wait_for(lock, m_options.retry_period, [this] { return m_stopping; });
    if (m_stopping) {
      return;
    }
  }
}

}  // namespace kgitops
