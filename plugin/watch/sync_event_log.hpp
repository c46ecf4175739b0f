#pragma once

#include <cstddef>
#include <map>
#include <string>

#include "engine/sync_events.hpp"
#include "watch/watch_log.hpp"

namespace kgitops {

// The events of a sync the watch runs: each written to the watch's log as
// one record, and the objects counted by what was done to them.
class WatchSyncEvents final : public SyncEvents {
 public:
  WatchSyncEvents(WatchLog& log, std::string app) : m_log(log), m_app(std::move(app)) {}

  void object(const ObjectOutcome& outcome, bool dry_run) override;
  void health_wait(const HealthWaitStart& wait) override;
  void hook(const HookEvent& event) override;

  std::size_t count(ObjectAction action) const;
  // Created, configured or replaced.
  std::size_t applied() const;
  // Failed to apply or to prune.
  std::size_t failures() const;

 private:
  WatchLog& m_log;
  std::string m_app;
  std::map<ObjectAction, std::size_t> m_counts;
};

}  // namespace kgitops
