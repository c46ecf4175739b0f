#pragma once

#include <iosfwd>

#include "engine/sync_events.hpp"

namespace kgitops {

// Prints a sync's events as it goes, one line each: what `sync` shows.
class SyncEventPrinter final : public SyncEvents {
 public:
  explicit SyncEventPrinter(std::ostream& out) : m_out(out) {}

  void object(const ObjectOutcome& outcome, bool dry_run) override;
  void health_wait(const HealthWaitStart& wait) override;
  void hook(const HookEvent& event) override;

 private:
  std::ostream& m_out;
};

}  // namespace kgitops
