#include <doctest/doctest.h>

#include "core/duration.hpp"

using namespace kgitops;
using std::chrono::milliseconds;

TEST_CASE("durations are read as kubectl writes them") {
  CHECK(*parse_duration("90s", "--timeout") == milliseconds(90'000));
  CHECK(*parse_duration("5m", "--timeout") == milliseconds(300'000));
  CHECK(*parse_duration("1m30s", "--timeout") == milliseconds(90'000));
  CHECK(*parse_duration("1h", "--timeout") == milliseconds(3'600'000));
  CHECK(*parse_duration("500ms", "--timeout") == milliseconds(500));
  CHECK(*parse_duration("45", "--timeout") == milliseconds(45'000));
  CHECK(*parse_duration("0s", "--timeout") == milliseconds(0));
}

TEST_CASE("a malformed duration is an error that names the flag and the value") {
  for (const auto* text : {"", "5x", "m", "-5s", "1m30", "5 m", "1.5m"}) {
    auto parsed = parse_duration(text, "--timeout");
    REQUIRE_FALSE(parsed.has_value());
    CHECK(parsed.error().message.find("--timeout") != std::string::npos);
    CHECK(parsed.error().message.find(std::string("'") + text + "'") != std::string::npos);
  }
}

TEST_CASE("format_duration writes what parse_duration reads back") {
  CHECK(format_duration(milliseconds(300'000)) == "5m");
  CHECK(format_duration(milliseconds(90'000)) == "1m30s");
  CHECK(format_duration(milliseconds(3'600'000)) == "1h");
  CHECK(format_duration(milliseconds(3'630'000)) == "1h30s");
  CHECK(format_duration(milliseconds(500)) == "500ms");
  CHECK(format_duration(milliseconds(1'500)) == "1500ms");
  CHECK(format_duration(milliseconds(0)) == "0ms");
  for (const auto ms : {0LL, 1LL, 999LL, 1'000LL, 61'000LL, 7'261'000LL, 86'400'000LL}) {
    CAPTURE(ms);
    CHECK(*parse_duration(format_duration(milliseconds(ms)), "--timeout") == milliseconds(ms));
  }
}
