#include <doctest/doctest.h>

#include "core/byte_size.hpp"

using namespace kgitops;

TEST_CASE("parse_byte_size reads bytes and binary suffixes") {
  CHECK(parse_byte_size("1048576", "--x").value() == 1048576u);
  CHECK(parse_byte_size("512Ki", "--x").value() == 512u * 1024);
  CHECK(parse_byte_size("256Mi", "--x").value() == 256u * 1024 * 1024);
  CHECK(parse_byte_size("2Gi", "--x").value() == 2ull * 1024 * 1024 * 1024);
}

TEST_CASE("parse_byte_size refuses what is not a positive size, naming what it is for") {
  for (const auto* text : {"", "0", "Mi", "-1", "1.5Gi", "12MB", "1 Gi", "99999999999999Ti"}) {
    CAPTURE(text);
    auto size = parse_byte_size(text, "--max-render-bytes");
    REQUIRE_FALSE(size);
    CHECK(size.error().message == "--max-render-bytes: '" + std::string(text) +
                                      "' is not a size in bytes (e.g. 268435456, 512Ki, 256Mi, "
                                      "1Gi)");
  }
}
