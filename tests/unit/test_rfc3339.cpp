#include <doctest/doctest.h>

#include <chrono>
#include <regex>
#include <string>

#include "core/rfc3339.hpp"

using namespace kgitops;
using namespace std::chrono;

TEST_CASE("rfc3339 writes UTC with the fraction asked for") {
  const auto time =
      sys_days{year{2026} / 12 / 1} + hours(10) + minutes(2) + seconds(3) + microseconds(250'007);
  const auto point = time_point_cast<system_clock::duration>(time);
  CHECK(rfc3339(point) == "2026-12-01T10:02:03Z");
  CHECK(rfc3339(point, 3) == "2026-12-01T10:02:03.250Z");
  CHECK(rfc3339(point, 6) == "2026-12-01T10:02:03.250007Z");
  CHECK(rfc3339(time_point_cast<system_clock::duration>(sys_days{year{1970} / 1 / 1})) ==
        "1970-01-01T00:00:00Z");
}

TEST_CASE("rfc3339_now is now, in the same form") {
  CHECK(std::regex_match(rfc3339_now(), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
  CHECK(std::regex_match(rfc3339_now(3), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
  const auto year_now = static_cast<int>(year_month_day{floor<days>(system_clock::now())}.year());
  CHECK(rfc3339_now().starts_with(std::to_string(year_now)));
}
