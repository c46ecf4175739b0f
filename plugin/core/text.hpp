#pragma once

#include <string>
#include <string_view>

namespace kgitops {

// The strings of `parts` (any range of strings) with `separator` between them.
template <typename Strings>
std::string join(const Strings& parts, std::string_view separator) {
  std::string text;
  bool first = true;
  for (const auto& part : parts) {
    if (!first) {
      text += separator;
    }
    text += part;
    first = false;
  }
  return text;
}

}  // namespace kgitops
