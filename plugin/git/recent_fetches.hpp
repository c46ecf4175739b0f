#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "git/git_source.hpp"

namespace kgitops {

// When this process last fetched each remote into its cache, and with which
// credentials: the apps of one repository in an agent share a recent fetch
// instead of each fetching it every interval. Only a fetch with the same
// URL (credentials in it included) and the same credential scope serves,
// so no app reads through a fetch it could not have made itself.
class RecentFetches {
 public:
  using Time = std::chrono::steady_clock::time_point;
  // Whether a fetch for `spec` that began within `window` before `now` succeeded.
  bool fresh(const SourceSpec& spec, std::chrono::milliseconds window, Time now) const;
  // A fetch for `spec` that began at `began` succeeded.
  void fetched(const SourceSpec& spec, Time began);

 private:
  mutable std::mutex m_mutex;
  std::map<std::string, Time> m_began;  // by a hash of the URL and the credential scope
};

// The process's record, which every libgit2 source shares.
RecentFetches& recent_fetches();

}  // namespace kgitops
