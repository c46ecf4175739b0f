#include "core/backoff.hpp"

#include <algorithm>

namespace kgitops {

Backoff::Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds cap)
    : m_initial(initial), m_cap(cap) {}

std::chrono::milliseconds Backoff::fail() {
  ++m_failures;
  auto delay = m_initial;
  for (int i = 1; i < m_failures && delay < m_cap; ++i) {
    delay *= 2;
  }
  return std::min(delay, m_cap);
}

void Backoff::reset() {
  m_failures = 0;
}

std::chrono::milliseconds jittered(std::chrono::milliseconds interval, double fraction,
                                   double unit) {
  const auto clamped = std::clamp(unit, 0.0, 1.0);
  const auto factor = 1.0 + fraction * (2.0 * clamped - 1.0);
  return std::chrono::milliseconds(
      static_cast<std::chrono::milliseconds::rep>(static_cast<double>(interval.count()) * factor));
}

}  // namespace kgitops
