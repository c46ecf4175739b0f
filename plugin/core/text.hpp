#pragma once

#include <cctype>
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

// `text` in ASCII lower case: host names, header names, schemes.
inline std::string lower(std::string_view text) {
  std::string result(text);
  for (auto& c : result) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return result;
}

// `text` without the spaces, tabs and carriage returns around it.
inline std::string trim(std::string_view text) {
  const auto begin = text.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) {
    return {};
  }
  const auto end = text.find_last_not_of(" \t\r");
  return std::string(text.substr(begin, end - begin + 1));
}

}  // namespace kgitops
