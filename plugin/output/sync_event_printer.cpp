#include "output/sync_event_printer.hpp"

#include <ostream>

namespace kgitops {

void SyncEventPrinter::object(const ObjectOutcome& outcome, bool dry_run) {
  m_out << to_string(outcome.key) << " ";
  switch (outcome.action) {
    case ObjectAction::failed:
      m_out << "failed: " << outcome.detail;
      break;
    case ObjectAction::pruned:
      m_out << (dry_run ? "pruned (dry run)" : "pruned");
      break;
    case ObjectAction::prune_failed:
      m_out << "prune failed" << (outcome.detail.empty() ? "" : ": " + outcome.detail);
      break;
    default:
      if (dry_run && !outcome.detail.empty()) {
        m_out << "would be " << to_string(outcome.action) << " (" << outcome.detail << ")";
      } else if (dry_run) {
        m_out << to_string(outcome.action) << " (server dry run)";
      } else if (outcome.action == ObjectAction::replaced) {
        m_out << "replaced: deleted and created again (" << outcome.detail << ")";
      } else {
        m_out << to_string(outcome.action);
      }
  }
  m_out << "\n";
}

void SyncEventPrinter::health_wait(const HealthWaitStart& wait) {
  switch (wait.reason) {
    case HealthWaitReason::wave:
      m_out << "wave " << wait.wave << ": waiting for the health of " << wait.objects
            << " object(s) of earlier waves\n";
      return;
    case HealthWaitReason::post_sync:
      m_out << "PostSync: waiting for the health of " << wait.objects << " object(s)\n";
      return;
    case HealthWaitReason::final:
      m_out << "waiting up to " << wait.timeout.count() << "s for " << wait.objects
            << " object(s) to be healthy\n";
      return;
  }
}

void SyncEventPrinter::hook(const HookEvent& event) {
  const auto key = to_string(event.key);
  switch (event.step) {
    case HookStep::would_run:
      m_out << to_string(event.phase) << " hook " << key << " would run\n";
      return;
    case HookStep::running:
      m_out << to_string(event.phase) << " hook " << key << " running\n";
      return;
    case HookStep::finished:
      m_out << to_string(event.phase) << " hook " << key << " "
            << (event.result == "Succeeded" ? "succeeded" : "failed: " + event.detail) << "\n";
      return;
    case HookStep::not_deleted:
      m_out << "hook " << key << " not deleted: " << event.detail << "\n";
      return;
  }
}

}  // namespace kgitops
