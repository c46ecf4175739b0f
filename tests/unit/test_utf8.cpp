#include <doctest/doctest.h>

#include <string>

#include "render/utf8.hpp"

using namespace kgitops;

TEST_CASE("invalid_utf8_offset finds the first byte that is not well-formed UTF-8") {
  CHECK_FALSE(invalid_utf8_offset(""));
  CHECK_FALSE(invalid_utf8_offset("plain ascii"));
  CHECK_FALSE(invalid_utf8_offset("café ☕ 𝄞 \xf4\x8f\xbf\xbf"));
  CHECK(invalid_utf8_offset("caf\xe9") == 3u);
  CHECK(invalid_utf8_offset("ok\xc3") == 2u);            // cut short
  CHECK(invalid_utf8_offset("\xc0\xaf") == 0u);          // overlong '/'
  CHECK(invalid_utf8_offset("\xe0\x80\xaf") == 0u);      // overlong
  CHECK(invalid_utf8_offset("a\xed\xa0\x80") == 1u);     // a surrogate
  CHECK(invalid_utf8_offset("\xf4\x90\x80\x80") == 0u);  // above U+10FFFF
  CHECK(invalid_utf8_offset("\x80") == 0u);              // a lone continuation
}

TEST_CASE("escape_invalid_utf8 shows stray bytes as \\xNN and keeps the rest") {
  CHECK(escape_invalid_utf8("caf\xe9 ☕") == "caf\\xe9 ☕");
  CHECK(escape_invalid_utf8("\xff\xfe") == "\\xff\\xfe");
  CHECK(escape_invalid_utf8("fine") == "fine");
}

TEST_CASE("latin1_strays_to_utf8 writes stray bytes as the Latin-1 characters they are") {
  CHECK(latin1_strays_to_utf8("a\xA0"
                              "b\x85") == "a\u00A0b\u0085");
  CHECK(latin1_strays_to_utf8("caf\xe9 ☕") == "café ☕");
  CHECK(latin1_strays_to_utf8("fine ☕") == "fine ☕");
}
