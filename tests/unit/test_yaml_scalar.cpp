#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>

#include "render/yaml_scalar.hpp"

using namespace kgitops;

TEST_CASE("plain scalars resolve as go-yaml v2 does") {
  CHECK(resolve_plain_scalar("").is_null());
  CHECK(resolve_plain_scalar("~").is_null());
  CHECK(resolve_plain_scalar("null").is_null());
  CHECK(resolve_plain_scalar("NULL").is_null());
  for (const char* word :
       {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y"}) {
    CAPTURE(word);
    CHECK(resolve_plain_scalar(word) == Json(true));
  }
  for (const char* word :
       {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N"}) {
    CAPTURE(word);
    CHECK(resolve_plain_scalar(word) == Json(false));
  }
  // Mixed case is not a bool.
  CHECK(resolve_plain_scalar("tRUE") == Json("tRUE"));
  CHECK(resolve_plain_scalar("oN") == Json("oN"));
}

TEST_CASE("plain integers: decimal, hex, octal, binary, underscores, signs") {
  CHECK(resolve_plain_scalar("8080") == Json(8080));
  CHECK(resolve_plain_scalar("8080").is_number_integer());
  CHECK(resolve_plain_scalar("-12") == Json(-12));
  CHECK(resolve_plain_scalar("+12") == Json(12));
  CHECK(resolve_plain_scalar("0") == Json(0));
  CHECK(resolve_plain_scalar("0x1F") == Json(31));
  CHECK(resolve_plain_scalar("-0x10") == Json(-16));
  CHECK(resolve_plain_scalar("0o17") == Json(15));
  CHECK(resolve_plain_scalar("0644") == Json(420));  // leading 0 is octal
  CHECK(resolve_plain_scalar("0b101") == Json(5));
  CHECK(resolve_plain_scalar("1_000_000") == Json(1000000));
  CHECK(resolve_plain_scalar("9223372036854775807") == Json(INT64_MAX));
  CHECK(resolve_plain_scalar("-9223372036854775808") == Json(INT64_MIN));
  const auto big = resolve_plain_scalar("18446744073709551615");
  CHECK(big.is_number_unsigned());
  CHECK(big.get<std::uint64_t>() == UINT64_MAX);
  // Not valid octal, but valid float syntax: go-yaml makes it a float.
  CHECK(resolve_plain_scalar("08").is_number_float());
  CHECK(resolve_plain_scalar("0x") == Json("0x"));
  CHECK(resolve_plain_scalar("0xZZ") == Json("0xZZ"));
  CHECK(resolve_plain_scalar("12abc") == Json("12abc"));
  CHECK(resolve_plain_scalar("1.2.3") == Json("1.2.3"));
  CHECK(resolve_plain_scalar("2001-12-14") == Json("2001-12-14"));  // timestamps stay text
  CHECK(resolve_plain_scalar("-") == Json("-"));
  CHECK(resolve_plain_scalar("_1") == Json("_1"));
}

TEST_CASE("plain floats, infinities and NaN") {
  CHECK(resolve_plain_scalar("1.5") == Json(1.5));
  CHECK(resolve_plain_scalar("1.5").is_number_float());
  CHECK(resolve_plain_scalar("-0.25") == Json(-0.25));
  CHECK(resolve_plain_scalar(".5") == Json(0.5));
  CHECK(resolve_plain_scalar("1e3") == Json(1000.0));
  CHECK(resolve_plain_scalar("1e3").is_number_float());
  CHECK(resolve_plain_scalar("+1.") == Json(1.0));
  CHECK(resolve_plain_scalar(".inf") == Json(INFINITY));
  CHECK(resolve_plain_scalar("-.Inf") == Json(-INFINITY));
  CHECK(std::isnan(resolve_plain_scalar(".nan").get<double>()));
  CHECK(resolve_plain_scalar(".x") == Json(".x"));
  CHECK(resolve_plain_scalar("1e") == Json("1e"));
}
