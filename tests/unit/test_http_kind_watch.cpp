#include <doctest/doctest.h>

#include <algorithm>
#include <mutex>
#include <thread>

#include "cluster/http_kind_watch.hpp"
#include "eventually.hpp"
#include "fake_api_proxy.hpp"

using namespace kgitops;
using kgitops::testing::FakeApiProxy;

namespace {

const ApiResource k_configmaps{"", "v1", "ConfigMap", "configmaps", true};

std::string event(const std::string& type, const std::string& name, const std::string& version) {
  return Json{{"type", type},
              {"object",
               {{"apiVersion", "v1"},
                {"kind", "ConfigMap"},
                {"metadata",
                 {{"name", name}, {"namespace", "prod"}, {"resourceVersion", version}}}}}}
             .dump() +
         "\n";
}

FakeApiProxy::Answer list_answer(const std::string& version) {
  return {200, R"({"metadata":{"resourceVersion":")" + version +
                   R"("},"items":[{"metadata":{"name":"a","namespace":"prod"}}]})"};
}

FakeApiProxy::Answer stream_answer(const std::string& body, double hold) {
  FakeApiProxy::Answer answer{200, body};
  answer.stream = true;
  answer.hold_seconds = hold;
  return answer;
}

// Records the watch's events and log, from its thread.
struct Recorder {
  std::mutex mutex;
  std::vector<WatchEvent> events;
  std::vector<std::string> log;

  // Changes of objects received so far, markers and bookmarks aside.
  std::size_t count() {
    std::lock_guard lock(mutex);
    return static_cast<std::size_t>(std::ranges::count_if(
        events, [](const auto& received) { return is_object_change(received.type); }));
  }
  std::vector<WatchEventType> types() {
    std::lock_guard lock(mutex);
    std::vector<WatchEventType> seen;
    for (const auto& received : events) {
      seen.push_back(received.type);
    }
    return seen;
  }
  bool logged(const std::string& text) {
    std::lock_guard lock(mutex);
    return std::ranges::any_of(
        log, [&](const auto& line) { return line.find(text) != std::string::npos; });
  }
};

using kgitops::testing::eventually;

std::unique_ptr<HttpKindWatch> watch_of(FakeApiProxy& fake, Recorder& recorder) {
  ClusterOptions options;
  options.kubectl = fake.program();
  return std::make_unique<HttpKindWatch>(
      shared_api_connection(options), std::chrono::seconds(10), k_configmaps, "app=web",
      [&recorder](WatchEvent received) {
        std::lock_guard lock(recorder.mutex);
        recorder.events.push_back(std::move(received));
      },
      [&recorder](bool, const std::string& line) {
        std::lock_guard lock(recorder.mutex);
        recorder.log.push_back(line);
      });
}

}  // namespace

TEST_CASE("an HTTP kind watch lists first, then streams from the list's version") {
  FakeApiProxy fake;
  fake.route("GET /api/v1/configmaps",
             {list_answer("10"),
              stream_answer(event("BOOKMARK", "", "11") + event("MODIFIED", "a", "12"), 60)});
  Recorder recorder;
  auto watch = watch_of(fake, recorder);
  watch->start();
  REQUIRE(eventually([&] { return recorder.count() >= 2; }));
  watch->stop();
  // The listing is marked as whole, and the bookmark shows the stream serves.
  using enum WatchEventType;
  const std::vector<WatchEventType> expected{listing, added, listed, bookmark, modified};
  auto types = recorder.types();
  REQUIRE(types.size() >= expected.size());
  types.resize(expected.size());
  CHECK(types == expected);
  std::lock_guard lock(recorder.mutex);
  CHECK(recorder.events[1].key == ResourceKey{"", "ConfigMap", "prod", "a"});
  const auto requests = fake.requests();
  REQUIRE(requests.size() >= 2);
  const auto watched = requests[1]["path"].get<std::string>();
  CHECK(watched.find("watch=true") != std::string::npos);
  CHECK(watched.find("resourceVersion=10") != std::string::npos);
  CHECK(watched.find("allowWatchBookmarks=true") != std::string::npos);
  CHECK(watched.find("labelSelector=app%3Dweb") != std::string::npos);
}

TEST_CASE("an HTTP kind watch resumes from the last version, and lists again after 410 Gone") {
  FakeApiProxy fake;
  const std::string gone =
      R"JSON({"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired","message":"too old resource version: 12 (40)"}})JSON"
      "\n";
  fake.route("GET /api/v1/configmaps",
             {list_answer("10"), stream_answer(event("MODIFIED", "a", "12"), 0),
              stream_answer(gone, 0), list_answer("41"), stream_answer("", 60)});
  Recorder recorder;
  auto watch = watch_of(fake, recorder);
  watch->start();
  REQUIRE(eventually([&] { return fake.requests().size() >= 5; }));
  watch->stop();
  const auto requests = fake.requests();
  // After the stream ended, the watch resumed from the MODIFIED event's version.
  CHECK(requests[2]["path"].get<std::string>().find("resourceVersion=12") != std::string::npos);
  // 410: a new listing (no watch), then a watch from its version.
  CHECK(requests[3]["path"].get<std::string>().find("watch=true") == std::string::npos);
  CHECK(requests[4]["path"].get<std::string>().find("resourceVersion=41") != std::string::npos);
  CHECK(recorder.logged("listing again"));
  // Each end of a stream is marked, and so is the second listing.
  using enum WatchEventType;
  const std::vector<WatchEventType> expected{listing,     added,   listed, modified, interrupted,
                                             interrupted, listing, added,  listed};
  auto types = recorder.types();
  REQUIRE(types.size() >= expected.size());
  types.resize(expected.size());
  CHECK(types == expected);
}
