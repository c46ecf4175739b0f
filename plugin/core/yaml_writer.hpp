#pragma once

#include <string>

#include "core/object.hpp"

namespace kgitops {

// Block-style YAML of `value`, keys sorted, for diffs and `-o yaml`. Strings
// that YAML would read as something else are quoted.
std::string to_yaml(const Json& value);

}  // namespace kgitops
