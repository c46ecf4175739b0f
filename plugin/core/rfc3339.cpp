#include "core/rfc3339.hpp"

#include <algorithm>
#include <ctime>

namespace kgitops {

std::string rfc3339(std::chrono::system_clock::time_point time, int fraction_digits) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(time);
  const auto since_epoch = std::chrono::system_clock::to_time_t(seconds);
  std::tm utc{};
  gmtime_r(&since_epoch, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  std::string result = text;
  if (fraction_digits > 0) {
    auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(time - seconds).count();
    auto digits = std::to_string(1'000'000'000LL + nanos).substr(1);  // nine, zero-padded
    result += "." + digits.substr(0, static_cast<std::size_t>(std::min(fraction_digits, 9)));
  }
  return result + "Z";
}

std::string rfc3339_now(int fraction_digits) {
  return rfc3339(std::chrono::system_clock::now(), fraction_digits);
}

}  // namespace kgitops
