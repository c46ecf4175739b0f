#include <doctest/doctest.h>

#include "cluster/resume_point.hpp"

using namespace kgitops;

namespace {

WatchEvent event(WatchEventType type, Json object) {
  return WatchEvent{type, key_of(object), std::move(object)};
}

WatchEvent modified(const std::string& version) {
  return event(
      WatchEventType::modified,
      Json{{"apiVersion", "v1"},
           {"kind", "ConfigMap"},
           {"metadata", {{"name", "a"}, {"namespace", "p"}, {"resourceVersion", version}}}});
}

WatchEvent bookmark(const std::string& version) {
  return event(WatchEventType::bookmark, Json{{"apiVersion", "v1"},
                                              {"kind", "ConfigMap"},
                                              {"metadata", {{"resourceVersion", version}}}});
}

WatchEvent expired() {
  return event(WatchEventType::error,
               Json::parse(R"json({"kind": "Status", "apiVersion": "v1", "metadata": {},
                 "status": "Failure", "message": "too old resource version: 5 (243)",
                 "reason": "Expired", "code": 410})json"));
}

}  // namespace

TEST_CASE("the first run lists; later runs resume from the last version seen") {
  ResumePoint point;
  CHECK_FALSE(point.start_run(true));
  point.observe(modified("10"));
  point.observe(modified("12"));
  point.end_run(0);
  CHECK(point.failure().empty());
  CHECK(point.start_run(true) == "12");
}

TEST_CASE("a run that saw nothing lists again") {
  ResumePoint point;
  CHECK_FALSE(point.start_run(true));
  point.end_run(1);
  CHECK_FALSE(point.start_run(true));
}

TEST_CASE("a bookmark moves the version on") {
  ResumePoint point;
  point.start_run(true);
  point.observe(modified("10"));
  point.end_run(0);
  REQUIRE(point.start_run(true) == "10");
  point.observe(bookmark("40"));
  point.end_run(0);  // the server ended the watch at its timeout
  CHECK(point.failure().empty());
  CHECK(point.start_run(true) == "40");
}

TEST_CASE("410 Gone on a resumed run falls back to a listing") {
  ResumePoint point;
  point.start_run(true);
  point.observe(modified("5"));
  point.end_run(0);
  REQUIRE(point.start_run(true) == "5");
  point.observe(expired());
  point.end_run(0);
  CHECK(point.failure() == "410 Expired: too old resource version: 5 (243)");
  CHECK_FALSE(point.start_run(true));
  CHECK(point.failure().empty());
}

TEST_CASE("a resumed kubectl that fails falls back to a listing") {
  ResumePoint point;
  point.start_run(true);
  point.observe(modified("5"));
  point.end_run(0);
  REQUIRE(point.start_run(true) == "5");
  point.end_run(1);
  CHECK(point.failure() == "kubectl exited with status 1");
  CHECK_FALSE(point.start_run(true));
}

TEST_CASE("a resumed kubectl that fails after streaming events resumes again from there") {
  ResumePoint point;
  point.start_run(true);
  point.observe(modified("5"));
  point.end_run(0);
  REQUIRE(point.start_run(true) == "5");
  point.observe(bookmark("8"));
  point.end_run(143);  // e.g. killed, or its connection dropped
  CHECK(point.failure().empty());
  CHECK(point.start_run(true) == "8");
}

TEST_CASE("a listing kubectl that fails keeps the version it reached") {
  ResumePoint point;
  point.start_run(true);
  point.observe(modified("5"));
  point.end_run(1);  // e.g. killed: what it printed is still seen
  CHECK(point.failure().empty());
  CHECK(point.start_run(true) == "5");
}

TEST_CASE("a kind without an API path never resumes") {
  ResumePoint point;
  point.start_run(false);
  point.observe(modified("5"));
  point.end_run(1);
  CHECK(point.failure().empty());
  CHECK_FALSE(point.start_run(false));
  point.end_run(1);
  CHECK(point.failure().empty());
}

TEST_CASE("watch errors are described from their Status") {
  CHECK(describe_watch_error(Json{{"code", 500}, {"message", "boom"}}) == "500: boom");
  CHECK(describe_watch_error(Json{{"reason", "Expired"}}) == "Expired");
  CHECK(describe_watch_error(Json::object()) == "watch error");
}
