#pragma once

#include <chrono>
#include <functional>
#include <thread>

namespace kgitops::testing {

// Whether `condition` became true within 30 s, asked every few milliseconds:
// for what other threads do. The bound only keeps a broken test from hanging.
inline bool eventually(const std::function<bool()>& condition) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) {
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

}  // namespace kgitops::testing
