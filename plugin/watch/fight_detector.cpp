#include "watch/fight_detector.hpp"

namespace kgitops {

bool FightDetector::record_heal(const ResourceKey& key, SteadyTime now) {
  auto& heals = m_heals[key];
  heals.push_back(now);
  while (!heals.empty() && heals.front() + m_window < now) {
    heals.pop_front();
  }
  if (static_cast<int>(heals.size()) > m_max_heals && !m_fought.contains(key)) {
    m_fought.insert(key);
    return true;
  }
  return false;
}

void FightDetector::clear() {
  m_heals.clear();
  m_fought.clear();
}

}  // namespace kgitops
