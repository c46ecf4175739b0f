#include "watch/debouncer.hpp"

namespace kgitops {

void Debouncer::add(WatchEvent event, SteadyTime now) {
  auto found = m_pending.find(event.key);
  if (found != m_pending.end()) {
    found->second.pending.event = std::move(event);
    return;
  }
  auto key = event.key;
  m_pending.emplace(std::move(key), Slot{PendingEvent{std::move(event), now}, now + m_delay});
}

std::vector<PendingEvent> Debouncer::take_due(SteadyTime now, std::size_t most) {
  std::vector<PendingEvent> due;
  for (auto it = m_pending.begin(); it != m_pending.end() && due.size() < most;) {
    if (it->second.deadline <= now) {
      due.push_back(std::move(it->second.pending));
      it = m_pending.erase(it);
    } else {
      ++it;
    }
  }
  return due;
}

std::optional<SteadyTime> Debouncer::next_deadline() const {
  std::optional<SteadyTime> earliest;
  for (const auto& [key, slot] : m_pending) {
    if (!earliest || slot.deadline < *earliest) {
      earliest = slot.deadline;
    }
  }
  return earliest;
}

}  // namespace kgitops
