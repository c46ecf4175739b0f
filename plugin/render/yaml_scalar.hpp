#pragma once

#include <string>

#include "core/object.hpp"

namespace kgitops {

// What an unquoted, untagged scalar means to go-yaml v2 (YAML 1.1, as
// Kubernetes reads it): null (`~`, `null`, empty), a bool (`true`, `yes`,
// `on`, `y` in three cases), an integer (decimal, 0x, 0o, leading-0 octal,
// 0b, `_` ignored), a float (`.inf`, `.nan` too) or, failing all of these,
// the string itself.
Json resolve_plain_scalar(const std::string& text);

}  // namespace kgitops
