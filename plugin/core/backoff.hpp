#pragma once

#include <chrono>

namespace kgitops {

// Exponential backoff after consecutive failures, capped, so a broken
// repository or an unreachable API server is retried without hammering it.
class Backoff {
 public:
  Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds cap);

  // Records one more failure and returns how long to wait before retrying.
  std::chrono::milliseconds fail();
  // Records a success: the next failure starts again from `initial`.
  void reset();
  // Consecutive failures so far.
  int failures() const { return m_failures; }

 private:
  std::chrono::milliseconds m_initial;
  std::chrono::milliseconds m_cap;
  int m_failures = 0;
};

// `interval` moved by up to ±`fraction` of itself; `unit` in [0, 1) picks
// where (0.5 = no change). Spreads the polls of many apps and agents.
std::chrono::milliseconds jittered(std::chrono::milliseconds interval, double fraction,
                                   double unit);

}  // namespace kgitops
