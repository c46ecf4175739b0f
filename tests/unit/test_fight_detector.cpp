#include <doctest/doctest.h>

#include "watch/fight_detector.hpp"

using namespace kgitops;
using std::chrono::milliseconds;

TEST_CASE("more than K reverts of one field of an object within the window is a fight") {
  FightDetector detector(5, milliseconds(60'000));
  const ResourceKey web{"apps", "Deployment", "prod", "web"};
  const ResourceKey api{"apps", "Deployment", "prod", "api"};
  const SteadyTime start{};
  for (int i = 0; i < 5; ++i) {
    CHECK_FALSE(detector.record_heal(web, {"spec.replicas"}, start + milliseconds(i * 200)));
  }
  CHECK_FALSE(detector.fighting(web));
  CHECK_FALSE(detector.record_heal(api, {"spec.replicas"}, start));
  CHECK(detector.record_heal(web, {"spec.replicas"}, start + milliseconds(1000)));
  CHECK(detector.fighting(web));
  CHECK_FALSE(detector.fighting(api));
  CHECK(detector.fights() == 1);
  // Reported once only.
  CHECK_FALSE(detector.record_heal(web, {"spec.replicas"}, start + milliseconds(1200)));
  detector.clear();
  CHECK_FALSE(detector.fighting(web));
  CHECK(detector.fights() == 0);
}

TEST_CASE("heals spread over more than the window are no fight") {
  FightDetector detector(2, milliseconds(1000));
  const ResourceKey web{"apps", "Deployment", "prod", "web"};
  const SteadyTime start{};
  for (int i = 0; i < 10; ++i) {
    CHECK_FALSE(detector.record_heal(web, {"spec.replicas"}, start + milliseconds(i * 600)));
  }
  CHECK(detector.fights() == 0);
}

TEST_CASE("reverts of different fields of one object are no fight") {
  FightDetector detector(2, milliseconds(60'000));
  const ResourceKey web{"apps", "Deployment", "prod", "web"};
  const SteadyTime start{};
  CHECK_FALSE(detector.record_heal(web, {"spec.replicas"}, start));
  CHECK_FALSE(detector.record_heal(web, {"spec.template.spec.containers[name=web].image"}, start));
  CHECK_FALSE(detector.record_heal(web, {"spec.replicas"}, start + milliseconds(100)));
  CHECK_FALSE(detector.record_heal(web, {"metadata.labels.tier"}, start + milliseconds(200)));
  CHECK_FALSE(detector.fighting(web));
  std::string field;
  CHECK(detector.record_heal(web, {"metadata.labels.tier", "spec.replicas"},
                             start + milliseconds(300), &field));
  CHECK(field == "spec.replicas");
  CHECK(detector.fighting(web));
}

TEST_CASE("an object deleted again and again is a fight over the whole object") {
  FightDetector detector(1, milliseconds(60'000));
  const ResourceKey web{"apps", "Deployment", "prod", "web"};
  const SteadyTime start{};
  CHECK_FALSE(detector.record_heal(web, {FightDetector::k_whole_object}, start));
  CHECK(detector.record_heal(web, {FightDetector::k_whole_object}, start + milliseconds(10)));
}
