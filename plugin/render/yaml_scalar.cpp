#include "render/yaml_scalar.hpp"

#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <unordered_map>

namespace kgitops {
namespace {

// Go's strconv.ParseInt/ParseUint with base 0 on a magnitude: 0x, 0o, 0b
// prefixes and a leading 0 for octal.
std::optional<std::uint64_t> parse_magnitude(std::string_view text) {
  int base = 10;
  if (text.size() >= 2 && text[0] == '0') {
    const char prefix = text[1];
    if (prefix == 'x' || prefix == 'X') {
      base = 16;
      text.remove_prefix(2);
    } else if (prefix == 'o' || prefix == 'O') {
      base = 8;
      text.remove_prefix(2);
    } else if (prefix == 'b' || prefix == 'B') {
      base = 2;
      text.remove_prefix(2);
    } else {
      base = 8;
      text.remove_prefix(1);
    }
  }
  if (text.empty()) {
    return std::nullopt;
  }
  std::uint64_t value = 0;
  const auto* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value, base);
  if (error != std::errc{} || stop != end) {
    return std::nullopt;
  }
  return value;
}

// ParseInt first (a sign allowed), then ParseUint (no sign), as resolve.go.
std::optional<Json> parse_integer(std::string_view text) {
  const bool has_sign = !text.empty() && (text[0] == '+' || text[0] == '-');
  const bool negative = has_sign && text[0] == '-';
  const auto magnitude = parse_magnitude(has_sign ? text.substr(1) : text);
  if (!magnitude) {
    return std::nullopt;
  }
  constexpr auto k_max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (negative) {
    if (*magnitude > k_max + 1) {
      return std::nullopt;
    }
    // -2^63 has no positive counterpart: negate in unsigned arithmetic.
    return Json(static_cast<std::int64_t>(~*magnitude + 1));
  }
  if (*magnitude <= k_max) {
    return Json(static_cast<std::int64_t>(*magnitude));
  }
  if (has_sign) {
    return std::nullopt;
  }
  return Json(*magnitude);
}

// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`, go-yaml's float syntax.
bool is_yaml_float(std::string_view text) {
  std::size_t i = 0;
  const auto digits = [&] {
    const auto start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      ++i;
    }
    return i - start;
  };
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    ++i;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (digits() == 0) {
      return false;
    }
  } else {
    if (digits() == 0) {
      return false;
    }
    if (i < text.size() && text[i] == '.') {
      ++i;
      digits();
    }
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
      ++i;
    }
    if (digits() == 0) {
      return false;
    }
  }
  return i == text.size();
}

std::optional<Json> parse_float(std::string_view text) {
  if (!is_yaml_float(text)) {
    return std::nullopt;
  }
  if (text[0] == '+') {
    text.remove_prefix(1);
  }
  double value = 0;
  const auto* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc{} || stop != end) {
    return std::nullopt;
  }
  return Json(value);
}

// Words with a fixed meaning in go-yaml v2 (resolve.go's resolveMapList).
std::optional<Json> fixed_word(std::string_view text) {
  static const std::unordered_map<std::string_view, Json> k_words = [] {
    std::unordered_map<std::string_view, Json> words;
    for (const auto* word :
         {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"}) {
      words.emplace(word, true);
    }
    for (const auto* word :
         {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"}) {
      words.emplace(word, false);
    }
    for (const auto* word : {"~", "null", "Null", "NULL"}) {
      words.emplace(word, nullptr);
    }
    const auto nan = std::numeric_limits<double>::quiet_NaN();
    const auto inf = std::numeric_limits<double>::infinity();
    for (const auto* word : {".nan", ".NaN", ".NAN"}) {
      words.emplace(word, nan);
    }
    for (const auto* word : {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"}) {
      words.emplace(word, inf);
    }
    for (const auto* word : {"-.inf", "-.Inf", "-.INF"}) {
      words.emplace(word, -inf);
    }
    return words;
  }();
  const auto found = k_words.find(text);
  if (found == k_words.end()) {
    return std::nullopt;
  }
  return found->second;
}

}  // namespace

Json resolve_plain_scalar(const std::string& text) {
  if (text.empty()) {
    return nullptr;
  }
  // The first character says what the scalar may be (resolve.go's hint table).
  const char first = text[0];
  const bool sign_or_digit = first == '+' || first == '-' || (first >= '0' && first <= '9');
  const bool word = std::string_view("yYnNtTfFoO~").find(first) != std::string_view::npos;
  if (!sign_or_digit && !word && first != '.') {
    return text;
  }
  if (auto fixed = fixed_word(text)) {
    return *fixed;
  }
  if (first == '.') {
    return parse_float(text).value_or(Json(text));
  }
  if (!sign_or_digit) {
    return text;
  }
  std::string plain = text;
  std::erase(plain, '_');
  if (auto integer = parse_integer(plain)) {
    return *integer;
  }
  if (auto floating = parse_float(plain)) {
    return *floating;
  }
  return text;
}

}  // namespace kgitops
