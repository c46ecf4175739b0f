#include "watch/fight_detector.hpp"

namespace kgitops {

bool FightDetector::record_heal(const ResourceKey& key, const std::vector<std::string>& fields,
                                SteadyTime now, std::string* fought_field) {
  bool starts_fight = false;
  for (const auto& field : fields) {
    auto& heals = m_heals[{key, field}];
    heals.push_back(now);
    while (!heals.empty() && heals.front() + m_window < now) {
      heals.pop_front();
    }
    if (static_cast<int>(heals.size()) > m_max_heals && !m_fought.contains(key)) {
      m_fought.insert(key);
      starts_fight = true;
      if (fought_field != nullptr) {
        *fought_field = field;
      }
    }
  }
  return starts_fight;
}

void FightDetector::clear() {
  m_heals.clear();
  m_fought.clear();
}

}  // namespace kgitops
