#include <doctest/doctest.h>

#include "watch/debouncer.hpp"

using namespace kgitops;
using std::chrono::milliseconds;

namespace {

WatchEvent event(const std::string& name, WatchEventType type, int replicas) {
  WatchEvent result;
  result.type = type;
  result.key = ResourceKey{"apps", "Deployment", "prod", name};
  result.object = Json{{"spec", {{"replicas", replicas}}}};
  return result;
}

}  // namespace

TEST_CASE("a burst of events on one object comes out once, with the latest object") {
  Debouncer debouncer(milliseconds(100));
  const SteadyTime start{};
  debouncer.add(event("web", WatchEventType::modified, 5), start);
  debouncer.add(event("web", WatchEventType::modified, 6), start + milliseconds(40));
  debouncer.add(event("api", WatchEventType::deleted, 1), start + milliseconds(50));
  CHECK(debouncer.take_due(start + milliseconds(99)).empty());
  REQUIRE(debouncer.next_deadline() == start + milliseconds(100));

  auto due = debouncer.take_due(start + milliseconds(100));
  REQUIRE(due.size() == 1);
  CHECK(due[0].event.key.name == "web");
  CHECK(due[0].event.object["spec"]["replicas"] == 6);
  CHECK(due[0].received == start);  // latency counts from the first event

  CHECK(debouncer.next_deadline() == start + milliseconds(150));
  due = debouncer.take_due(start + milliseconds(200));
  REQUIRE(due.size() == 1);
  CHECK(due[0].event.type == WatchEventType::deleted);
  CHECK(debouncer.size() == 0);
  CHECK_FALSE(debouncer.next_deadline());
}

TEST_CASE("a busy object is still due after one window, not postponed by every event") {
  Debouncer debouncer(milliseconds(100));
  const SteadyTime start{};
  for (int i = 0; i < 10; ++i) {
    debouncer.add(event("web", WatchEventType::modified, i), start + milliseconds(i * 20));
  }
  // Events kept coming until 180 ms; the object is due at 100 ms all the same.
  auto due = debouncer.take_due(start + milliseconds(100));
  REQUIRE(due.size() == 1);
  CHECK(due[0].event.object["spec"]["replicas"] == 9);
}

TEST_CASE("events due together can be taken a few at a time, in key order") {
  Debouncer debouncer(milliseconds(10));
  const SteadyTime start{};
  for (const auto* name : {"web", "api", "db"}) {
    debouncer.add(event(name, WatchEventType::modified, 1), start);
  }
  auto due = debouncer.take_due(start + milliseconds(10), 1);
  REQUIRE(due.size() == 1);
  CHECK(due[0].event.key.name == "api");
  CHECK(debouncer.next_deadline() == start + milliseconds(10));  // the others are still due
  due = debouncer.take_due(start + milliseconds(10), 5);
  REQUIRE(due.size() == 2);
  CHECK(due[0].event.key.name == "db");
  CHECK(due[1].event.key.name == "web");
}
