#include <doctest/doctest.h>

#include <sstream>

#include "core/object.hpp"
#include "watch/watch_log.hpp"

using namespace kgitops;

TEST_CASE("text records: timestamp, level, app, message, fields") {
  CHECK(format_log_record(LogFormat::text, "2026-11-29T17:40:00Z", LogLevel::info, "web", "synced",
                          {{"commit", "abc123"}, {"applied", "1"}}) ==
        "2026-11-29T17:40:00Z info app=web synced commit=abc123 applied=1");
  CHECK(format_log_record(LogFormat::text, "T", LogLevel::error, "", "heal failed",
                          {{"error", "it broke: \"x\""}}) ==
        "T error heal failed error=\"it broke: \\\"x\\\"\"");
}

TEST_CASE("json records are one object per line") {
  const auto line = format_log_record(LogFormat::json, "2026-11-29T17:40:00Z", LogLevel::warning,
                                      "web", "drift", {{"object", "a b"}});
  CHECK(line.find('\n') == std::string::npos);
  const auto record = Json::parse(line);
  CHECK(record["time"] == "2026-11-29T17:40:00Z");
  CHECK(record["level"] == "warning");
  CHECK(record["app"] == "web");
  CHECK(record["msg"] == "drift");
  CHECK(record["object"] == "a b");
}

TEST_CASE("a value that is not UTF-8 is logged with U+FFFD in its place, in either format") {
  const std::string latin1 = "invalid value \"caf\xe9\"";
  const auto text = format_log_record(LogFormat::text, "T", LogLevel::error, "web", "failed",
                                      {{"error", latin1}});
  CHECK(text == "T error app=web failed error=\"invalid value \\\"caf\xef\xbf\xbd\\\"\"");
  const auto json = format_log_record(LogFormat::json, "T", LogLevel::error, "web", "failed",
                                      {{"error", latin1}});
  CHECK(Json::parse(json)["error"] == "invalid value \"caf\xef\xbf\xbd\"");
}

TEST_CASE("the log writes whole lines with an RFC 3339 timestamp") {
  std::ostringstream out;
  WatchLog log(out, LogFormat::text);
  log.write(LogLevel::info, "web", "synced");
  const auto text = out.str();
  REQUIRE(text.size() > 25);
  CHECK(text[4] == '-');
  CHECK(text[10] == 'T');
  CHECK(text.find("Z info app=web synced\n") != std::string::npos);
}
