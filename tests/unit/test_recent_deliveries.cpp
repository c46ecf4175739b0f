#include <doctest/doctest.h>

#include <string>

#include "http/recent_deliveries.hpp"

using namespace kgitops;

TEST_CASE("a delivery id is new once, and forgotten when the oldest of too many") {
  RecentDeliveries recent(3);
  CHECK(recent.remember("a"));
  CHECK_FALSE(recent.remember("a"));
  CHECK(recent.remember("b"));
  CHECK(recent.remember("c"));
  CHECK_FALSE(recent.remember("b"));
  CHECK(recent.remember("d"));  // "a" is forgotten
  CHECK(recent.remember("a"));
  CHECK_FALSE(recent.remember("c"));
  CHECK_FALSE(recent.remember("d"));
}
