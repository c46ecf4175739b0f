#include <doctest/doctest.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "eventually.hpp"
#include "watch/sync_slots.hpp"

using namespace kgitops;
using kgitops::testing::eventually;

namespace {
const auto never = [] { return false; };
}

TEST_CASE("no more than the slots at once; the others wait their turn in arrival order") {
  SyncSlots slots(2);
  REQUIRE(slots.acquire(never));
  REQUIRE(slots.acquire(never));
  std::mutex mutex;
  std::vector<int> order;
  std::vector<std::thread> waiters;
  for (int i = 0; i < 3; ++i) {
    waiters.emplace_back([&, i] {
      REQUIRE(slots.acquire(never, std::chrono::milliseconds(5)));
      {
        std::lock_guard lock(mutex);
        order.push_back(i);
      }
      slots.release();
    });
    // Each in the queue before the next arrives.
    REQUIRE(eventually([&] { return slots.waiting() == i + 1; }));
  }
  CHECK(slots.in_use() == 2);
  // One slot freed: the waiters take it one after another, so the order they
  // note is the order they were given it (two freed at once could note theirs
  // either way round).
  slots.release();
  for (auto& waiter : waiters) {
    waiter.join();
  }
  CHECK(order == std::vector<int>{0, 1, 2});
  CHECK(slots.in_use() == 1);
  slots.release();
  CHECK(slots.in_use() == 0);
  CHECK(slots.waiting() == 0);
}

TEST_CASE("a wait for a slot ends when the worker stops, and takes no slot") {
  SyncSlots slots(1);
  REQUIRE(slots.acquire(never));
  std::atomic<bool> stopping{false};
  std::atomic<bool> got{true};
  std::thread waiter(
      [&] { got = slots.acquire([&] { return stopping.load(); }, std::chrono::milliseconds(5)); });
  REQUIRE(eventually([&] { return slots.waiting() == 1; }));
  stopping = true;
  waiter.join();
  CHECK_FALSE(got);
  CHECK(slots.waiting() == 0);
  slots.release();
  CHECK(slots.acquire(never));  // the slot is free again
}

TEST_CASE("SyncSlot holds a slot for its scope, and no limit without slots") {
  SyncSlots slots(1);
  {
    SyncSlot slot(&slots, never);
    CHECK(slot.held());
    CHECK(slots.in_use() == 1);
  }
  CHECK(slots.in_use() == 0);
  SyncSlot unlimited(nullptr, never);
  CHECK(unlimited.held());
}
