#include "watch/shard.hpp"

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/sha256.hpp"

namespace kgitops {
namespace {

std::optional<std::size_t> whole_number(std::string_view text) {
  std::size_t value = 0;
  const auto* end = text.data() + text.size();
  const auto parsed = std::from_chars(text.data(), end, value);
  if (text.empty() || parsed.ec != std::errc{} || parsed.ptr != end) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

Result<Shard> parse_shard(const std::string& text) {
  const auto invalid = [&] {
    return fail("invalid shard '", text, "': expected N/M, N from 0 to M-1, e.g. 0/3");
  };
  const auto slash = text.find('/');
  if (slash == std::string::npos) {
    return invalid();
  }
  const auto index = whole_number(std::string_view(text).substr(0, slash));
  const auto count = whole_number(std::string_view(text).substr(slash + 1));
  if (!index || !count || *count == 0 || *index >= *count) {
    return invalid();
  }
  return Shard{*index, *count};
}

std::size_t shard_of(const std::string& app, std::size_t count) {
  // The first 8 bytes of the name's SHA-256: spread evenly, and stable,
  // unlike std::hash.
  const auto digest = sha256_raw(app);
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    value = (value << 8U) | static_cast<unsigned char>(digest[i]);
  }
  return static_cast<std::size_t>(value % count);
}

std::vector<WatchedApp> apps_of_shard(const std::vector<WatchedApp>& apps, const Shard& shard) {
  std::vector<WatchedApp> chosen;
  for (const auto& app : apps) {
    if (shard_of(app.app.name, shard.count) == shard.index) {
      chosen.push_back(app);
    }
  }
  return chosen;
}

}  // namespace kgitops
