#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>

namespace kgitops {

// How many apps of an agent reconcile at once. Hundreds of apps starting
// together would otherwise all list, render and apply at the same moment;
// with slots they queue, first come first served, so every app gets its
// turn and none waits behind an app that keeps coming back. Heals do not
// take a slot: a drift is never put back later because of a sync.
class SyncSlots {
 public:
  explicit SyncSlots(int slots);

  // Waits for a slot in arrival order; false once `stopping` says so first
  // (asked every `poll`).
  bool acquire(const std::function<bool()>& stopping,
               std::chrono::milliseconds poll = std::chrono::milliseconds(100));
  void release();
  int in_use() const;
  int waiting() const;

 private:
  const int m_slots;
  mutable std::mutex m_mutex;
  std::condition_variable m_freed;
  int m_in_use = 0;
  std::uint64_t m_next_ticket = 0;
  std::deque<std::uint64_t> m_queue;  // tickets waiting, oldest first
};

// Holds a slot for its lifetime (none when `slots` is null: no limit).
class SyncSlot {
 public:
  SyncSlot(SyncSlots* slots, const std::function<bool()>& stopping);
  ~SyncSlot();
  SyncSlot(const SyncSlot&) = delete;
  SyncSlot& operator=(const SyncSlot&) = delete;
  // False when the wait was cut short by stopping.
  bool held() const { return m_held; }

 private:
  SyncSlots* m_slots;
  bool m_held = false;
};

}  // namespace kgitops
