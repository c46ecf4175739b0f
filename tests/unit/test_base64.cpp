#include <doctest/doctest.h>

#include <string>

#include "render/base64.hpp"

using namespace kgitops;

TEST_CASE("base64 decodes every padding, across line breaks") {
  CHECK(decode_base64("") == std::string());
  CHECK(decode_base64("YQ==") == std::string("a"));
  CHECK(decode_base64("YWI=") == std::string("ab"));
  CHECK(decode_base64("YWJj") == std::string("abc"));
  CHECK(decode_base64("aGVsbG8g\r\nd29ybGQ=\n") == std::string("hello world"));
  // Bytes that are no text come back as they are.
  CHECK(decode_base64("6Q==") == std::string("\xe9"));
  CHECK(decode_base64("+/8=") == std::string("\xfb\xff"));
}

TEST_CASE("base64 without its padding or with foreign characters is refused, as in Go") {
  CHECK_FALSE(decode_base64("aGVsbG8"));
  CHECK_FALSE(decode_base64("YQ"));
  CHECK_FALSE(
      decode_base64("YQ=="
                    "YQ=="));
  CHECK_FALSE(decode_base64("YW-j"));
  CHECK_FALSE(decode_base64("YW j"));
  CHECK_FALSE(decode_base64("a=bc"));
}
