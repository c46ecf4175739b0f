#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <set>

#include "core/resource_key.hpp"
#include "watch/debouncer.hpp"

namespace kgitops {

// Notices when self-heal fights another writer (a controller, an HPA, a
// script) over one object: more than `max_heals` heals within `window`.
// A fought object is no longer healed, so the two never loop forever.
class FightDetector {
 public:
  FightDetector(int max_heals, std::chrono::milliseconds window)
      : m_max_heals(max_heals), m_window(window) {}

  // Records a heal of `key` at `now`; true when this heal starts a fight.
  bool record_heal(const ResourceKey& key, SteadyTime now);
  // Whether `key` is being fought over (and so is not healed).
  bool fighting(const ResourceKey& key) const { return m_fought.contains(key); }
  // How many objects are fought over.
  std::size_t fights() const { return m_fought.size(); }
  const std::set<ResourceKey>& fought() const { return m_fought; }
  // Forgets every fight, e.g. when git declares a new commit.
  void clear();

 private:
  int m_max_heals;
  std::chrono::milliseconds m_window;
  std::map<ResourceKey, std::deque<SteadyTime>> m_heals;
  std::set<ResourceKey> m_fought;
};

}  // namespace kgitops
