#include "render/utf8.hpp"

#include <cstdint>

namespace kgitops {
namespace {

// The length of the well-formed sequence at `at`, or 0 when there is none.
std::size_t sequence_length(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[i]); };
  const auto lead = byte(at);
  if (lead < 0x80) {
    return 1;
  }
  std::size_t length = 0;
  std::uint8_t low = 0x80;   // the second byte's range, narrowed to refuse
  std::uint8_t high = 0xBF;  // overlong forms, surrogates and > U+10FFFF
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    low = lead == 0xE0 ? 0xA0 : 0x80;
    high = lead == 0xED ? 0x9F : 0xBF;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    low = lead == 0xF0 ? 0x90 : 0x80;
    high = lead == 0xF4 ? 0x8F : 0xBF;
  } else {
    return 0;
  }
  if (at + length > text.size() || byte(at + 1) < low || byte(at + 1) > high) {
    return 0;
  }
  for (std::size_t i = 2; i < length; ++i) {
    if (byte(at + i) < 0x80 || byte(at + i) > 0xBF) {
      return 0;
    }
  }
  return length;
}

}  // namespace

std::optional<std::size_t> invalid_utf8_offset(std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    const auto length = sequence_length(text, at);
    if (length == 0) {
      return at;
    }
    at += length;
  }
  return std::nullopt;
}

std::string escape_invalid_utf8(std::string_view text) {
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string shown;
  for (std::size_t at = 0; at < text.size();) {
    const auto length = sequence_length(text, at);
    if (length == 0) {
      const auto value = static_cast<std::uint8_t>(text[at]);
      shown += "\\x";
      shown += k_hex[value >> 4];
      shown += k_hex[value & 0xF];
      ++at;
      continue;
    }
    shown.append(text.substr(at, length));
    at += length;
  }
  return shown;
}

std::string latin1_strays_to_utf8(std::string_view text) {
  std::string fixed;
  fixed.reserve(text.size() + 8);
  for (std::size_t at = 0; at < text.size();) {
    const auto length = sequence_length(text, at);
    if (length == 0) {
      const auto value = static_cast<std::uint8_t>(text[at]);
      fixed += static_cast<char>(0xC0 | (value >> 6));
      fixed += static_cast<char>(0x80 | (value & 0x3F));
      ++at;
      continue;
    }
    fixed.append(text.substr(at, length));
    at += length;
  }
  return fixed;
}

}  // namespace kgitops
