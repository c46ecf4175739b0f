#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "watch/watch_config.hpp"

namespace kgitops {

// One of `count` agents that split a fleet of apps between them; `index`
// counts from 0.
struct Shard {
  std::size_t index = 0;
  std::size_t count = 1;
};

// "N/M" (0 <= N < M) as a Shard.
Result<Shard> parse_shard(const std::string& text);

// The shard an app belongs to, by a hash of its name: the same in every
// agent and every version, whatever order the apps are listed in.
std::size_t shard_of(const std::string& app, std::size_t count);

// The apps of `apps` that belong to `shard`, in their order.
std::vector<WatchedApp> apps_of_shard(const std::vector<WatchedApp>& apps, const Shard& shard);

}  // namespace kgitops
