#pragma once

#include <string>

namespace kgitops::testing {

// Lower-case hex of raw bytes, as signature headers carry an HMAC.
inline std::string hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string text;
  for (const char c : bytes) {
    const auto value = static_cast<unsigned char>(c);
    text += digits[value >> 4U];
    text += digits[value & 0x0fU];
  }
  return text;
}

}  // namespace kgitops::testing
