#include "core/duration.hpp"

#include <charconv>
#include <utility>

namespace kgitops {

Result<std::chrono::milliseconds> parse_duration(const std::string& text, const std::string& what) {
  const auto invalid = [&] {
    return fail("invalid ", what, " '", text, "': expected e.g. 90s, 5m, 1m30s or 500ms");
  };
  if (text.empty()) {
    return invalid();
  }
  std::chrono::milliseconds total{0};
  std::size_t at = 0;
  while (at < text.size()) {
    long long value = 0;
    const auto parsed = std::from_chars(text.data() + at, text.data() + text.size(), value);
    if (parsed.ec != std::errc{} || parsed.ptr == text.data() + at || value < 0) {
      return invalid();
    }
    at = static_cast<std::size_t>(parsed.ptr - text.data());
    std::size_t unit_end = at;
    while (unit_end < text.size() && (text[unit_end] < '0' || text[unit_end] > '9')) {
      ++unit_end;
    }
    const auto unit = text.substr(at, unit_end - at);
    at = unit_end;
    if (unit == "ms") {
      total += std::chrono::milliseconds(value);
    } else if (unit == "s" || (unit.empty() && total.count() == 0 && at == text.size())) {
      total += std::chrono::seconds(value);
    } else if (unit == "m") {
      total += std::chrono::minutes(value);
    } else if (unit == "h") {
      total += std::chrono::hours(value);
    } else {
      return invalid();
    }
  }
  return total;
}

std::string format_duration(std::chrono::milliseconds duration) {
  auto ms = duration.count();
  if (ms == 0 || ms % 1000 != 0) {
    return std::to_string(ms) + "ms";
  }
  std::string text;
  for (const auto& [unit, size] :
       {std::pair{"h", 3'600'000LL}, std::pair{"m", 60'000LL}, std::pair{"s", 1'000LL}}) {
    if (ms >= size) {
      text += std::to_string(ms / size) + unit;
      ms %= size;
    }
  }
  return text;
}

}  // namespace kgitops
