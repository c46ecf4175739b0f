#include "http/recent_deliveries.hpp"

namespace kgitops {

bool RecentDeliveries::remember(const std::string& id) {
  std::lock_guard lock(m_mutex);
  if (!m_ids.insert(id).second) {
    return false;
  }
  m_order.push_back(id);
  while (m_order.size() > m_capacity) {
    m_ids.erase(m_order.front());
    m_order.pop_front();
  }
  return true;
}

}  // namespace kgitops
