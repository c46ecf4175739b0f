#include <doctest/doctest.h>

#include "watch/fight_detector.hpp"

using namespace kgitops;
using std::chrono::milliseconds;

TEST_CASE("more than K heals of one object within the window is a fight") {
  FightDetector detector(5, milliseconds(60'000));
  const ResourceKey web{"apps", "Deployment", "prod", "web"};
  const ResourceKey api{"apps", "Deployment", "prod", "api"};
  const SteadyTime start{};
  for (int i = 0; i < 5; ++i) {
    CHECK_FALSE(detector.record_heal(web, start + milliseconds(i * 200)));
  }
  CHECK_FALSE(detector.fighting(web));
  CHECK_FALSE(detector.record_heal(api, start));
  CHECK(detector.record_heal(web, start + milliseconds(1000)));
  CHECK(detector.fighting(web));
  CHECK_FALSE(detector.fighting(api));
  CHECK(detector.fights() == 1);
  // Reported once only.
  CHECK_FALSE(detector.record_heal(web, start + milliseconds(1200)));
  detector.clear();
  CHECK_FALSE(detector.fighting(web));
  CHECK(detector.fights() == 0);
}

TEST_CASE("heals spread over more than the window are no fight") {
  FightDetector detector(2, milliseconds(1000));
  const ResourceKey web{"apps", "Deployment", "prod", "web"};
  const SteadyTime start{};
  for (int i = 0; i < 10; ++i) {
    CHECK_FALSE(detector.record_heal(web, start + milliseconds(i * 600)));
  }
  CHECK(detector.fights() == 0);
}
