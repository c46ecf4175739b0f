#pragma once

#include <chrono>
#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <vector>

#include "cluster/watch_event.hpp"

namespace kgitops {

using SteadyTime = std::chrono::steady_clock::time_point;

// An object's latest event, due once the burst it belongs to has settled.
struct PendingEvent {
  WatchEvent event;     // the latest one
  SteadyTime received;  // when the first one of the burst arrived
};

// Coalesces bursts of events per object: the first event opens a window of
// `delay`; later ones within it only replace the object. A fixed window (not
// one reset by every event) bounds the delay even for a busy object.
class Debouncer {
 public:
  explicit Debouncer(std::chrono::milliseconds delay) : m_delay(delay) {}

  // Records `event`, received at `now`.
  void add(WatchEvent event, SteadyTime now);
  // Removes and returns the events whose window has closed by `now`, at
  // most `most` of them, in key order.
  std::vector<PendingEvent> take_due(SteadyTime now,
                                     std::size_t most = std::numeric_limits<std::size_t>::max());
  // When the next window closes, if any is open.
  std::optional<SteadyTime> next_deadline() const;
  std::size_t size() const { return m_pending.size(); }

 private:
  struct Slot {
    PendingEvent pending;
    SteadyTime deadline;
  };
  std::chrono::milliseconds m_delay;
  std::map<ResourceKey, Slot> m_pending;
};

}  // namespace kgitops
