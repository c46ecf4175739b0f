#include "watch/sync_slots.hpp"

#include <algorithm>

namespace kgitops {

SyncSlots::SyncSlots(int slots) : m_slots(std::max(1, slots)) {}

bool SyncSlots::acquire(const std::function<bool()>& stopping, std::chrono::milliseconds poll) {
  std::unique_lock lock(m_mutex);
  const auto ticket = m_next_ticket++;
  m_queue.push_back(ticket);
  while (!(m_in_use < m_slots && m_queue.front() == ticket)) {
    if (stopping()) {
      m_queue.erase(std::find(m_queue.begin(), m_queue.end(), ticket));
      m_freed.notify_all();  // the next in line may be free to go now
      return false;
    }
    m_freed.wait_for(lock, poll);
  }
  m_queue.pop_front();
  ++m_in_use;
  m_freed.notify_all();  // the next in line may take a slot still free
  return true;
}

void SyncSlots::release() {
  {
    std::lock_guard lock(m_mutex);
    --m_in_use;
  }
  m_freed.notify_all();
}

int SyncSlots::in_use() const {
  std::lock_guard lock(m_mutex);
  return m_in_use;
}

int SyncSlots::waiting() const {
  std::lock_guard lock(m_mutex);
  return static_cast<int>(m_queue.size());
}

SyncSlot::SyncSlot(SyncSlots* slots, const std::function<bool()>& stopping) : m_slots(slots) {
  m_held = m_slots == nullptr || m_slots->acquire(stopping);
}

SyncSlot::~SyncSlot() {
  if (m_slots != nullptr && m_held) {
    m_slots->release();
  }
}

}  // namespace kgitops
