#include "watch/peer_agent_detector.hpp"

namespace kgitops {

bool PeerAgentDetector::seen(const std::string& agent, SteadyTime now) {
  if (!m_stamped || agent.empty() || agent == m_self) {
    return false;
  }
  const auto reported = m_reported.find(agent);
  if (reported != m_reported.end() && now < reported->second + m_repeat) {
    return false;
  }
  m_reported[agent] = now;
  return true;
}

}  // namespace kgitops
