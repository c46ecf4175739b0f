#include "render/base64.hpp"

#include <cstddef>
#include <cstdint>

namespace kgitops {

std::optional<std::string> decode_base64(std::string_view text) {
  std::string digits;
  for (const char c : text) {
    if (c != '\n' && c != '\r') {
      digits += c;
    }
  }
  if (digits.size() % 4 != 0) {
    return std::nullopt;
  }
  const auto sextet = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return c == '+' ? 62 : c == '/' ? 63 : -1;
  };
  std::string bytes;
  for (std::size_t at = 0; at < digits.size(); at += 4) {
    const bool last = at + 4 == digits.size();
    const auto padding = static_cast<std::size_t>(
        last ? (digits[at + 3] == '=') + (digits[at + 2] == '=' && digits[at + 3] == '=') : 0);
    std::uint32_t group = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      const int value = i >= 4 - padding ? 0 : sextet(digits[at + i]);
      if (value < 0) {
        return std::nullopt;
      }
      group = (group << 6) | static_cast<std::uint32_t>(value);
    }
    for (std::size_t i = 0; i < 3 - padding; ++i) {
      bytes += static_cast<char>((group >> (16 - 8 * i)) & 0xFF);
    }
  }
  return bytes;
}

}  // namespace kgitops
