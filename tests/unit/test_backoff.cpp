#include <doctest/doctest.h>

#include "core/backoff.hpp"

using namespace kgitops;
using std::chrono::milliseconds;

TEST_CASE("backoff doubles from the initial delay up to the cap, and resets") {
  Backoff backoff(milliseconds(1000), milliseconds(5000));
  CHECK(backoff.fail() == milliseconds(1000));
  CHECK(backoff.fail() == milliseconds(2000));
  CHECK(backoff.fail() == milliseconds(4000));
  CHECK(backoff.fail() == milliseconds(5000));
  CHECK(backoff.fail() == milliseconds(5000));
  CHECK(backoff.failures() == 5);
  backoff.reset();
  CHECK(backoff.failures() == 0);
  CHECK(backoff.fail() == milliseconds(1000));
}

TEST_CASE("jitter stays within the fraction either side") {
  CHECK(jittered(milliseconds(10000), 0.1, 0.0) == milliseconds(9000));
  CHECK(jittered(milliseconds(10000), 0.1, 0.5) == milliseconds(10000));
  CHECK(jittered(milliseconds(10000), 0.1, 1.0) == milliseconds(11000));
  CHECK(jittered(milliseconds(10000), 0.1, 7.0) == milliseconds(11000));
}
