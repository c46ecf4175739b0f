#include "core/sha256.hpp"

#include <array>

#include <openssl/evp.h>

namespace kgitops {

std::string sha256_raw(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<const char*>(digest.data()), length);
}

std::string sha256_hex(std::string_view data) {
  constexpr std::string_view k_hex = "0123456789abcdef";
  std::string hex;
  for (const auto byte : sha256_raw(data)) {
    const auto value = static_cast<unsigned char>(byte);
    hex.push_back(k_hex[value >> 4U]);
    hex.push_back(k_hex[value & 0x0fU]);
  }
  return hex;
}

namespace {

std::string encode(std::string_view data, std::string_view alphabet, bool pad) {
  std::string out;
  std::size_t i = 0;
  auto at = [&](std::size_t index) -> unsigned { return static_cast<unsigned char>(data[index]); };
  for (; i + 2 < data.size(); i += 3) {
    const unsigned value = (at(i) << 16U) | (at(i + 1) << 8U) | at(i + 2);
    for (int shift = 18; shift >= 0; shift -= 6) {
      out.push_back(alphabet[(value >> static_cast<unsigned>(shift)) & 0x3fU]);
    }
  }
  const auto rest = data.size() - i;
  if (rest > 0) {
    const unsigned value = (at(i) << 16U) | (rest == 2 ? at(i + 1) << 8U : 0U);
    out.push_back(alphabet[(value >> 18U) & 0x3fU]);
    out.push_back(alphabet[(value >> 12U) & 0x3fU]);
    if (rest == 2) {
      out.push_back(alphabet[(value >> 6U) & 0x3fU]);
    }
    if (pad) {
      out.append(3 - rest, '=');
    }
  }
  return out;
}

}  // namespace

std::string base64url(std::string_view data) {
  return encode(data, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", false);
}

std::string base64(std::string_view data) {
  return encode(data, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", true);
}

}  // namespace kgitops
