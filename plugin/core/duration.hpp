#pragma once

#include <chrono>
#include <string>

#include "core/error.hpp"

namespace kgitops {

// A duration as kubectl and Go write them: "90s", "5m", "1m30s", "1h", "500ms";
// a bare number is seconds. `what` names the flag in the error.
Result<std::chrono::milliseconds> parse_duration(const std::string& text, const std::string& what);

// `duration` as parse_duration reads it back: "5m", "1m30s", "2h", "500ms".
std::string format_duration(std::chrono::milliseconds duration);

}  // namespace kgitops
