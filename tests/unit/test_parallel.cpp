#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>
#include <vector>

#include "core/parallel.hpp"

using namespace kgitops;

TEST_CASE("run_in_parallel runs every task once") {
  std::vector<std::atomic<int>> runs(100);
  const auto failure = run_in_parallel(runs.size(), 4, [&](std::size_t i) { ++runs[i]; });
  CHECK_FALSE(failure);
  for (const auto& count : runs) {
    CHECK(count == 1);
  }
  CHECK_FALSE(run_in_parallel(0, 4, [](std::size_t) { throw std::logic_error("never"); }));
}

TEST_CASE("a task that throws is reported and the others still run") {
  std::atomic<int> ran{0};
  const auto failure = run_in_parallel(10, 3, [&](std::size_t i) {
    ++ran;
    if (i == 4) {
      throw std::runtime_error("task 4 failed");
    }
  });
  REQUIRE(failure);
  CHECK(*failure == "task 4 failed");
  CHECK(ran == 10);
}
