#pragma once

#include <chrono>
#include <functional>

#include "engine/health_wait.hpp"

namespace kgitops::testing {

// A clock for health waits that moves only when they sleep, so a test of a
// five-minute timeout runs at once. `on_sleep` gets the number of sleeps so
// far and plays the controllers (a rollout finishing, an object appearing).
struct FakeHealthClock {
  std::chrono::steady_clock::time_point now{};
  int sleeps = 0;
  std::function<void(int)> on_sleep = [](int) {};

  HealthWaitOptions options(std::chrono::seconds timeout) {
    HealthWaitOptions options;
    options.timeout = timeout;
    options.poll_interval = std::chrono::seconds(1);
    options.now = [this] { return now; };
    options.sleep = [this](std::chrono::milliseconds pause) {
      now += pause;
      on_sleep(++sleeps);
    };
    return options;
  }
};

}  // namespace kgitops::testing
