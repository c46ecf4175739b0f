#include <doctest/doctest.h>

#include <chrono>

#include "git/recent_fetches.hpp"

using namespace kgitops;
using namespace std::chrono_literals;

namespace {

SourceSpec remote(const std::string& url, const std::string& credential_host = "",
                  bool insecure = false) {
  SourceSpec spec;
  spec.repo = url;
  spec.credentials.host = credential_host;
  spec.credentials.insecure_http = insecure;
  return spec;
}

}  // namespace

TEST_CASE("a recent fetch serves the same remote and credentials, within the window only") {
  RecentFetches fetches;
  const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
  const auto shop = remote("https://git.example.com/shop.git", "git.example.com");
  CHECK_FALSE(fetches.fresh(shop, 30s, t0));  // never fetched
  fetches.fetched(shop, t0);
  CHECK(fetches.fresh(shop, 30s, t0 + 10s));
  CHECK(fetches.fresh(shop, 30s, t0 + 30s));
  CHECK_FALSE(fetches.fresh(shop, 30s, t0 + 31s));
  CHECK_FALSE(fetches.fresh(shop, 0ms, t0));  // no window: always fetch
  // An older fetch finishing late never moves the record back.
  fetches.fetched(shop, t0 - 1min);
  CHECK(fetches.fresh(shop, 30s, t0 + 10s));

  // Another remote, other credentials or another scope: fetched for itself.
  CHECK_FALSE(
      fetches.fresh(remote("https://git.example.com/blog.git", "git.example.com"), 30s, t0 + 1s));
  CHECK_FALSE(fetches.fresh(remote("https://git.example.com/shop.git"), 30s, t0 + 1s));
  CHECK_FALSE(fetches.fresh(remote("https://git.example.com/shop.git", "git.example.com", true),
                            30s, t0 + 1s));
  CHECK_FALSE(fetches.fresh(remote("https://token@git.example.com/shop.git", "git.example.com"),
                            30s, t0 + 1s));
}
