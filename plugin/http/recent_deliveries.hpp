#pragma once

#include <cstddef>
#include <deque>
#include <mutex>
#include <set>
#include <string>

namespace kgitops {

// The ids of the last `capacity` webhook deliveries, so that a replayed
// delivery is recognised; the oldest id is forgotten first.
class RecentDeliveries {
 public:
  explicit RecentDeliveries(std::size_t capacity) : m_capacity(capacity) {}

  // Remembers `id`; false when it was remembered already.
  bool remember(const std::string& id);

 private:
  std::size_t m_capacity;
  std::mutex m_mutex;
  std::set<std::string> m_ids;
  std::deque<std::string> m_order;  // oldest first
};

}  // namespace kgitops
