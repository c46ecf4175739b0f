#include <doctest/doctest.h>

#include <string>

#include "core/sha256.hpp"

using namespace kgitops;

TEST_CASE("sha256_hex matches the published test vectors") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("sha256_raw is the 32-byte digest that sha256_hex spells out") {
  const auto raw = sha256_raw("abc");
  REQUIRE(raw.size() == 32);
  CHECK(static_cast<unsigned char>(raw[0]) == 0xba);
  CHECK(static_cast<unsigned char>(raw[31]) == 0xad);
}

TEST_CASE("sha256 reads embedded NUL bytes as data") {
  const std::string with_nul("a\0b", 3);
  CHECK(sha256_hex(with_nul) != sha256_hex("a"));
  CHECK(sha256_hex(with_nul).size() == 64);
}

TEST_CASE("base64 pads to a multiple of four (RFC 4648 vectors)") {
  CHECK(base64("").empty());
  CHECK(base64("f") == "Zg==");
  CHECK(base64("fo") == "Zm8=");
  CHECK(base64("foo") == "Zm9v");
  CHECK(base64("foob") == "Zm9vYg==");
  CHECK(base64("fooba") == "Zm9vYmE=");
  CHECK(base64("foobar") == "Zm9vYmFy");
}

TEST_CASE("base64url has no padding and uses '-' and '_'") {
  CHECK(base64url("").empty());
  CHECK(base64url("f") == "Zg");
  CHECK(base64url("fo") == "Zm8");
  CHECK(base64url("foo") == "Zm9v");
  CHECK(base64url("foob") == "Zm9vYg");
  CHECK(base64url("fooba") == "Zm9vYmE");
  CHECK(base64url("foobar") == "Zm9vYmFy");
  CHECK(base64url("\xfb\xff") == "-_8");
  CHECK(base64url("\xfb\xff\xbf") == "-_-_");
  CHECK(base64("\xfb\xff") == "+/8=");
  CHECK(base64("\xfb\xff\xbf") == "+/+/");
}

TEST_CASE("base64 encodes every byte value") {
  std::string bytes;
  for (int i = 0; i < 256; ++i) {
    bytes.push_back(static_cast<char>(i));
  }
  const auto encoded = base64(bytes);
  CHECK(encoded.size() == 344);  // 4 * ceil(256 / 3)
  CHECK(encoded.starts_with("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g"));
  CHECK(encoded.ends_with("/P3+/w=="));
}
