#include <doctest/doctest.h>

#include <string>

#include "cluster/watch_event.hpp"

using namespace kgitops;

TEST_CASE("watch events are parsed from kubectl's output") {
  auto modified = parse_watch_event(Json::parse(R"({"type": "MODIFIED", "object": {
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "web", "namespace": "prod"}}})"));
  REQUIRE(modified);
  CHECK(modified->type == WatchEventType::modified);
  CHECK(modified->key == ResourceKey{"apps", "Deployment", "prod", "web"});
  auto deleted = parse_watch_event(Json::parse(
      R"({"type": "DELETED", "object": {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "prod"}}})"));
  REQUIRE(deleted);
  CHECK(deleted->type == WatchEventType::deleted);
  CHECK(deleted->key.kind == "Service");
  CHECK_FALSE(parse_watch_event(Json::parse(R"({"type": "RENAMED", "object": {}})")));
  CHECK_FALSE(parse_watch_event(Json::parse(R"({"object": {}})")));
  CHECK_FALSE(parse_watch_event(Json::parse(R"({"type": "ADDED"})")));
  CHECK_FALSE(parse_watch_event(Json::parse(R"({"type": "ADDED", "object": {"kind": "X"}})")));
}

TEST_CASE("a listing printed as one List event becomes one event per object") {
  // What kubectl prints first when its listing took more than one page.
  auto events = parse_watch_events(Json::parse(R"({"type": "ADDED", "object": {
    "apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": [
      {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a", "namespace": "prod"}},
      {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "b", "namespace": "prod"}}]}})"));
  REQUIRE(events);
  REQUIRE(events->size() == 2);
  CHECK((*events)[0].type == WatchEventType::added);
  CHECK((*events)[0].key == ResourceKey{"", "ConfigMap", "prod", "a"});
  CHECK((*events)[1].key.name == "b");
  auto single = parse_watch_events(Json::parse(
      R"({"type": "MODIFIED", "object": {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a", "namespace": "prod"}}})"));
  REQUIRE(single);
  REQUIRE(single->size() == 1);
  CHECK(single->front().type == WatchEventType::modified);
  CHECK_FALSE(parse_watch_events(Json::parse(R"({"type": "ADDED"})")));
}

TEST_CASE("a List event whose type is not a string is an error, not an exception") {
  const auto items = R"("object": {"kind": "List", "items": [{"kind": "ConfigMap"}]})";
  for (const auto* type : {R"("type": 1, )", R"("type": null, )", ""}) {
    auto events = parse_watch_events(Json::parse("{" + std::string(type) + items + "}"));
    REQUIRE_FALSE(events);
    CHECK(events.error().message == "watch event without a type");
  }
}

TEST_CASE("the stream splitter cuts concatenated objects whatever the chunks") {
  const std::string stream =
      "{\n    \"type\": \"ADDED\",\n    \"object\": {\"a\": \"}{\\\"\"}\n}\n"
      "{\"type\": \"MODIFIED\", \"object\": {\"b\": [1, {\"c\": 2}]}}\n";
  for (std::size_t chunk = 1; chunk <= stream.size(); ++chunk) {
    JsonStreamSplitter splitter;
    std::vector<Json> documents;
    for (std::size_t at = 0; at < stream.size(); at += chunk) {
      splitter.feed(std::string_view(stream).substr(at, chunk));
      while (auto document = splitter.next()) {
        documents.push_back(Json::parse(*document));
      }
    }
    REQUIRE(documents.size() == 2);
    CHECK(documents[0]["object"]["a"] == "}{\"");
    CHECK(documents[1]["object"]["b"][1]["c"] == 2);
  }
}

TEST_CASE("a raw watch stream's lines parse, bookmarks and errors included") {
  // One line each, as `kubectl get --raw '/api/v1/configmaps?watch=true'` prints them.
  const std::string stream =
      R"({"type":"MODIFIED","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a","namespace":"p","resourceVersion":"233"}}})"
      "\n"
      R"({"type":"BOOKMARK","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"resourceVersion":"234"}}})"
      "\n"
      R"json({"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 5 (243)","reason":"Expired","code":410}})json"
      "\n";
  JsonStreamSplitter splitter;
  splitter.feed(stream);
  std::vector<WatchEvent> events;
  while (auto document = splitter.next()) {
    auto parsed = parse_watch_events(Json::parse(*document));
    REQUIRE(parsed);
    events.insert(events.end(), parsed->begin(), parsed->end());
  }
  REQUIRE(events.size() == 3);
  CHECK(events[0].type == WatchEventType::modified);
  CHECK(events[0].key == ResourceKey{"", "ConfigMap", "p", "a"});
  CHECK(events[1].type == WatchEventType::bookmark);
  CHECK(events[1].object["metadata"]["resourceVersion"] == "234");
  CHECK(events[2].type == WatchEventType::error);
  CHECK(events[2].object["code"] == 410);
}
