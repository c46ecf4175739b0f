#pragma once

#include <chrono>
#include <string_view>

// Every default duration, timeout and limit, in one place: the flags, the
// options structs and the help text all take them from here.
namespace kgitops::defaults {

// Each request kubectl makes (kubectl's own --request-timeout).
inline constexpr std::chrono::seconds k_request_timeout{30};
// Each git fetch (--git-timeout).
inline constexpr std::chrono::minutes k_git_fetch_timeout{2};
// How long a sync waits for health, with --wait and between waves (--timeout).
inline constexpr std::chrono::minutes k_health_timeout{5};
// How long a CRD the sync applied may take to be Established.
inline constexpr std::chrono::seconds k_crd_timeout{60};
// How long a replaced object (deleted to change an immutable field) may take
// to be gone before it is created again.
inline constexpr std::chrono::seconds k_replace_timeout{60};

// watch: how often each app is fetched and reconciled (--interval).
inline constexpr std::chrono::seconds k_watch_interval{15};
// HTTP transport: a discovery answer this young is shared by every request
// of one connection (the apps of an agent syncing within seconds of each
// other); a kind that it lacks is discovered afresh before an apply fails.
inline constexpr std::chrono::seconds k_discovery_reuse{10};
// watch: an app's periodic reconcile reads its objects from the agent's
// shared kind watches, and from the server once in this long, so a change a
// watch missed is still found.
inline constexpr std::chrono::minutes k_live_cache_resync{10};
// watch: heals of one object within k_fight_window before another writer
// counts as fighting the agent and the object is left alone (--fight-limit).
inline constexpr int k_fight_limit = 5;
inline constexpr std::chrono::minutes k_fight_window{1};
// watch: how long a drifted object's events are gathered before one heal.
// Long enough to take a burst (an edit and the controllers that follow it) as
// one; short, as it is most of a heal's time.
inline constexpr std::chrono::milliseconds k_heal_debounce{20};
// watch: apps reconciling at once; the others queue (--max-concurrent-syncs).
inline constexpr int k_max_concurrent_syncs = 4;
// watch: objects healed at once, each of another app; the others queue
// (--max-concurrent-heals). A heal is one apply of one object.
inline constexpr int k_max_concurrent_heals = 4;
// watch: where metrics, health and webhooks are served (--listen).
inline constexpr std::string_view k_listen_address = "127.0.0.1:9090";

}  // namespace kgitops::defaults
