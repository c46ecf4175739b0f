#pragma once

#include <chrono>
#include <string>

namespace kgitops {

// `time` in UTC as RFC 3339 writes it, with `fraction_digits` (0 to 9)
// digits after the seconds: "2026-12-01T10:00:00Z", "2026-12-01T10:00:00.250Z".
std::string rfc3339(std::chrono::system_clock::time_point time, int fraction_digits = 0);

// The current time, as rfc3339 writes it.
std::string rfc3339_now(int fraction_digits = 0);

}  // namespace kgitops
