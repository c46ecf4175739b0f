#include "core/byte_size.hpp"

#include <array>
#include <charconv>
#include <limits>
#include <string_view>
#include <utility>

namespace kgitops {

Result<std::uintmax_t> parse_byte_size(const std::string& text, const std::string& what) {
  constexpr std::array<std::pair<std::string_view, int>, 4> k_suffixes = {
      {{"Ki", 10}, {"Mi", 20}, {"Gi", 30}, {"Ti", 40}}};
  std::string_view number = text;
  int shift = 0;
  for (const auto& [suffix, bits] : k_suffixes) {
    if (number.ends_with(suffix)) {
      number.remove_suffix(suffix.size());
      shift = bits;
      break;
    }
  }
  std::uintmax_t value = 0;
  const auto* end = number.data() + number.size();
  const auto [stop, error] = std::from_chars(number.data(), end, value);
  if (number.empty() || error != std::errc{} || stop != end || value == 0 ||
      value > (std::numeric_limits<std::uintmax_t>::max() >> shift)) {
    return fail(what, ": '", text, "' is not a size in bytes (e.g. 268435456, 512Ki, 256Mi, 1Gi)");
  }
  return value << shift;
}

}  // namespace kgitops
