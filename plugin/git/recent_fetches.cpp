#include "git/recent_fetches.hpp"

#include "core/sha256.hpp"

namespace kgitops {
namespace {

// A hash, not the URL: the record never holds a token written into one.
std::string fetch_key(const SourceSpec& spec) {
  return sha256_hex(spec.repo + '\n' + spec.credentials.host + '\n' +
                    (spec.credentials.insecure_http ? "insecure" : "secure"));
}

}  // namespace

bool RecentFetches::fresh(const SourceSpec& spec, std::chrono::milliseconds window,
                          Time now) const {
  if (window <= std::chrono::milliseconds(0)) {
    return false;
  }
  std::lock_guard lock(m_mutex);
  const auto found = m_began.find(fetch_key(spec));
  return found != m_began.end() && now - found->second <= window;
}

void RecentFetches::fetched(const SourceSpec& spec, Time began) {
  std::lock_guard lock(m_mutex);
  auto& last = m_began[fetch_key(spec)];
  last = std::max(last, began);
}

RecentFetches& recent_fetches() {
  static RecentFetches fetches;
  return fetches;
}

}  // namespace kgitops
