#include "watch/sync_event_log.hpp"

namespace kgitops {
namespace {

std::string to_string(HealthWaitReason reason) {
  switch (reason) {
    case HealthWaitReason::wave:
      return "wave";
    case HealthWaitReason::post_sync:
      return "PostSync";
    case HealthWaitReason::final:
      return "final";
  }
  return "unknown";
}

std::string to_string(HookStep step) {
  switch (step) {
    case HookStep::would_run:
      return "would run";
    case HookStep::running:
      return "running";
    case HookStep::finished:
      return "finished";
    case HookStep::not_deleted:
      return "not deleted";
  }
  return "unknown";
}

}  // namespace

void WatchSyncEvents::object(const ObjectOutcome& outcome, bool /*dry_run*/) {
  ++m_counts[outcome.action];
  LogFields fields{{"object", to_string(outcome.key)}, {"action", to_string(outcome.action)}};
  if (!outcome.detail.empty()) {
    fields.emplace_back("detail", outcome.detail);
  }
  m_log.write(LogLevel::info, m_app, "object", fields);
}

void WatchSyncEvents::health_wait(const HealthWaitStart& wait) {
  LogFields fields{{"reason", to_string(wait.reason)},
                   {"objects", std::to_string(wait.objects)},
                   {"timeout", std::to_string(wait.timeout.count()) + "s"}};
  if (wait.reason == HealthWaitReason::wave) {
    fields.emplace_back("wave", std::to_string(wait.wave));
  }
  m_log.write(LogLevel::info, m_app, "waiting for health", fields);
}

void WatchSyncEvents::hook(const HookEvent& event) {
  LogFields fields{{"phase", to_string(event.phase)},
                   {"object", to_string(event.key)},
                   {"step", to_string(event.step)}};
  if (!event.result.empty()) {
    fields.emplace_back("result", event.result);
  }
  if (!event.detail.empty()) {
    fields.emplace_back("detail", event.detail);
  }
  const bool failed = event.result == "Failed" || event.step == HookStep::not_deleted;
  m_log.write(failed ? LogLevel::warning : LogLevel::info, m_app, "hook", fields);
}

std::size_t WatchSyncEvents::count(ObjectAction action) const {
  const auto found = m_counts.find(action);
  return found == m_counts.end() ? 0 : found->second;
}

std::size_t WatchSyncEvents::applied() const {
  return count(ObjectAction::created) + count(ObjectAction::configured) +
         count(ObjectAction::replaced);
}

std::size_t WatchSyncEvents::failures() const {
  return count(ObjectAction::failed) + count(ObjectAction::prune_failed);
}

}  // namespace kgitops
