#include "render/helm_values.hpp"

#include <cctype>
#include <charconv>
#include <cstdint>
#include <string_view>
#include <system_error>

#include "render/safe_path.hpp"

namespace kgitops {
namespace {

namespace fs = std::filesystem;

// The parts of a dotted key; "\." keeps a dot inside a part.
Result<std::vector<std::string>> key_parts(const std::string& key) {
  std::vector<std::string> parts(1);
  for (std::size_t at = 0; at < key.size(); ++at) {
    if (key[at] == '\\' && at + 1 < key.size() && key[at + 1] == '.') {
      parts.back() += '.';
      ++at;
    } else if (key[at] == '.') {
      parts.emplace_back();
    } else {
      parts.back() += key[at];
    }
  }
  for (const auto& part : parts) {
    if (part.empty()) {
      return fail("--set '", key, "': a part of the key is empty");
    }
    if (part.find_first_of("[]") != std::string::npos) {
      return fail("--set '", key, "': list indexes are not supported; use a values file");
    }
  }
  return parts;
}

bool equals_ignoring_case(const std::string& text, std::string_view word) {
  if (text.size() != word.size()) {
    return false;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != word[i]) {
      return false;
    }
  }
  return true;
}

// As helm's strvals.typedVal: booleans and null in any case, "0", and whole
// numbers that do not start with 0 (so "0123" stays a string).
Json typed_value(const std::string& value) {
  if (equals_ignoring_case(value, "true") || equals_ignoring_case(value, "false")) {
    return equals_ignoring_case(value, "true");
  }
  if (equals_ignoring_case(value, "null")) {
    return nullptr;
  }
  if (value == "0") {
    return 0;
  }
  if (!value.empty() && value.front() != '0') {
    const char* begin = value.data() + (value.front() == '+' ? 1 : 0);
    std::int64_t number = 0;
    const auto parsed = std::from_chars(begin, value.data() + value.size(), number);
    const bool signed_twice = begin != value.data() && *begin == '-';
    if (!signed_twice && parsed.ec == std::errc{} && parsed.ptr == value.data() + value.size() &&
        begin != parsed.ptr) {
      return number;
    }
  }
  return value;
}

}  // namespace

Result<Json> values_from_assignments(const std::vector<std::string>& assignments) {
  Json values = Json::object();
  for (const auto& assignment : assignments) {
    const auto equals = assignment.find('=');
    if (equals == std::string::npos) {
      return fail("--set takes key=value");
    }
    const auto key = assignment.substr(0, equals);
    auto parts = key_parts(key);
    if (!parts) {
      return std::unexpected(parts.error());
    }
    Json* at = &values;
    for (std::size_t i = 0; i + 1 < parts->size(); ++i) {
      Json& next = (*at)[(*parts)[i]];
      if (!next.is_object()) {
        next = Json::object();  // a later, deeper key wins over a value
      }
      at = &next;
    }
    (*at)[parts->back()] = typed_value(assignment.substr(equals + 1));
  }
  return values;
}

Result<fs::path> resolve_values_file(const fs::path& root, const std::string& file) {
  auto resolved = resolve_inside(root, file);
  if (!resolved) {
    return fail("--values: ", to_string(resolved.error()));
  }
  std::error_code error;
  if (!fs::exists(*resolved, error)) {
    return fail("--values '", file, "' does not exist in the repository");
  }
  if (!fs::is_regular_file(*resolved, error)) {
    return fail("--values '", file, "' is not a file");
  }
  return resolved;
}

}  // namespace kgitops
