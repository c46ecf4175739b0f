#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/resource_key.hpp"
#include "watch/debouncer.hpp"

namespace kgitops {

// Notices when self-heal fights another writer (a controller, an HPA, a
// script): the same field of one object reverted more than `max_heals` times
// within `window`. A fought object is no longer healed, so the two never
// loop forever. Heals of different fields (a deploy tool touching the image,
// then someone scaling by hand) are not a fight.
class FightDetector {
 public:
  FightDetector(int max_heals, std::chrono::milliseconds window)
      : m_max_heals(max_heals), m_window(window) {}

  // The field that stands for a whole object, when it was deleted.
  static constexpr const char* k_whole_object = "(object)";

  // Records a heal of `key` that reverted `fields` at `now`; true when this
  // heal starts a fight (then `fought_field` names the field, if given).
  bool record_heal(const ResourceKey& key, const std::vector<std::string>& fields, SteadyTime now,
                   std::string* fought_field = nullptr);
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
  std::map<std::pair<ResourceKey, std::string>, std::deque<SteadyTime>> m_heals;
  std::set<ResourceKey> m_fought;
};

}  // namespace kgitops
