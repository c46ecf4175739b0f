#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "watch/shard.hpp"

using namespace kgitops;

namespace {

std::vector<WatchedApp> fleet(std::size_t size) {
  std::vector<WatchedApp> apps;
  for (std::size_t i = 0; i < size; ++i) {
    WatchedApp app;
    app.app.name = "app-" + std::to_string(i);
    apps.push_back(app);
  }
  return apps;
}

}  // namespace

TEST_CASE("parse_shard reads N/M with N below M") {
  const auto shard = parse_shard("2/3");
  REQUIRE(shard.has_value());
  CHECK(shard->index == 2);
  CHECK(shard->count == 3);
  CHECK(parse_shard("0/1").has_value());
  for (const auto* bad : {"3/3", "1/0", "1", "/3", "1/", "-1/3", "a/3", "1/3/4", "1 /3", ""}) {
    CAPTURE(bad);
    const auto refused = parse_shard(bad);
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().message ==
          "invalid shard '" + std::string(bad) + "': expected N/M, N from 0 to M-1, e.g. 0/3");
  }
}

TEST_CASE("the shards of M agents split the apps: each app in exactly one, all fairly even") {
  const auto apps = fleet(300);
  std::set<std::string> seen;
  for (std::size_t index = 0; index < 3; ++index) {
    const auto mine = apps_of_shard(apps, Shard{index, 3});
    CAPTURE(index);
    CHECK(mine.size() > 70);  // 100 expected
    CHECK(mine.size() < 130);
    for (const auto& app : mine) {
      CHECK(seen.insert(app.app.name).second);
      CHECK(shard_of(app.app.name, 3) == index);
    }
  }
  CHECK(seen.size() == apps.size());
  CHECK(apps_of_shard(apps, Shard{0, 1}).size() == apps.size());
}

TEST_CASE("an app's shard depends on its name alone, the same in every agent and version") {
  // The first 8 bytes of SHA-256("shop"), big-endian, modulo M. A change
  // here would move apps between running agents.
  CHECK(shard_of("shop", 3) == 1);
  CHECK(shard_of("shop", 7) == 2);
  CHECK(shard_of("web", 3) == 0);
  CHECK(shard_of("api", 7) == 5);
  CHECK(shard_of("shop", 1) == 0);
  auto reversed = fleet(10);
  std::reverse(reversed.begin(), reversed.end());
  auto forward = apps_of_shard(fleet(10), Shard{1, 2});
  auto backward = apps_of_shard(reversed, Shard{1, 2});
  std::reverse(backward.begin(), backward.end());
  REQUIRE(forward.size() == backward.size());
  for (std::size_t i = 0; i < forward.size(); ++i) {
    CHECK(forward[i].app.name == backward[i].app.name);
  }
}
