#include "watch/app_worker.hpp"

#include <chrono>

#include "core/constants.hpp"
#include "core/text.hpp"
#include "engine/field_paths.hpp"
#include "watch/last_writer.hpp"

// The heal lane of an AppWorker: single objects put back as their kind's
// watch reports a change, between the periodic syncs.
namespace kgitops {

void AppWorker::heal_turn() {
  std::vector<PendingEvent> due;
  std::optional<SteadyTime> next;
  {
    std::lock_guard lock(m_mutex);
    if (m_stopping) {
      return;
    }
    // One object a turn: an app with many drifted objects takes its turns
    // among the other apps' heals instead of ahead of them.
    due = m_debouncer.take_due(std::chrono::steady_clock::now(), 1);
    next = m_debouncer.next_deadline();
  }
  for (const auto& pending : due) {
    contained_heal(pending);
  }
  if (next) {
    m_heal_pool->schedule(*m_heal_lane, *next);
  }
}

void AppWorker::contained_on_event(WatchEvent event) {
  // Runs on the kind watch's thread: nothing may escape into it.
  const auto key = event.key;
  try {
    on_event(std::move(event));
  } catch (const std::exception& error) {
    m_log.write(LogLevel::error, name(), "cannot take a watch event",
                {{"object", to_string(key)}, {"error", error.what()}});
  }
}

void AppWorker::on_event(WatchEvent event) {
  if (!is_object_change(event.type)) {
    return;
  }
  if (event.key == m_inventory_key) {
    // Suspension takes effect at once; the next reconcile logs it.
    if (event.type != WatchEventType::deleted) {
      notice_agent(annotation_of(event.object, keys::k_agent_annotation).value_or(""));
      const bool suspended = annotation_of(event.object, keys::k_suspended_annotation) == "true";
      if (suspended != m_suspended.exchange(suspended)) {
        m_metrics.set_suspended(name(), suspended);
        m_log.write(LogLevel::info, name(), suspended ? "suspended: self-heal paused" : "resumed");
        if (!suspended) {
          wake();  // heal what drifted while suspended
        }
      }
    }
    return;
  }
  std::optional<SteadyTime> due;
  {
    std::lock_guard lock(m_mutex);
    if (m_stopping || !m_heal_lane) {
      return;
    }
    m_debouncer.add(std::move(event), std::chrono::steady_clock::now());
    due = m_debouncer.next_deadline();
  }
  if (due) {
    m_heal_pool->schedule(*m_heal_lane, *due);
  }
}

void AppWorker::contained_heal(const PendingEvent& pending) {
  std::string message;
  try {
    heal(pending);
    return;
  } catch (const std::exception& error) {
    message = error.what();
  } catch (...) {
    message = "unknown exception";
  }
  m_metrics.count_heal_failure(name());
  m_log.write(LogLevel::error, name(), "heal failed",
              {{"object", to_string(pending.event.key)}, {"error", message}});
}

std::optional<AppWorker::Heal> AppWorker::heal_of(const PendingEvent& pending) {
  Heal heal;
  {
    std::lock_guard lock(m_mutex);
    const auto found = m_desired_index.find(pending.event.key);
    if (!m_loaded || found == m_desired_index.end()) {
      return std::nullopt;  // not declared in git: pruning it is the periodic sync's job
    }
    heal.desired = m_loaded->desired[found->second];
  }
  if (pending.event.type == WatchEventType::deleted) {
    heal.reverted.emplace_back(FightDetector::k_whole_object);
    return heal;
  }
  // Fields these managers own (an HPA's spec.replicas) are theirs: neither
  // compared nor applied.
  heal.desired.object = without_fields_of(heal.desired.object, pending.event.object,
                                          m_options.watched.app.ignore_managers);
  heal.comparison = compare(heal.desired, pending.event.object);
  if (heal.comparison.state == SyncState::in_sync) {
    return std::nullopt;  // also what our own applies look like when they come back
  }
  // What the heal reverts: the fight detector counts reverts per field.
  for (const auto& field : heal.comparison.drift) {
    heal.reverted.push_back(field.path);
  }
  if (heal.reverted.empty()) {
    heal.reverted.emplace_back(FightDetector::k_whole_object);
  }
  return heal;
}

void AppWorker::heal(const PendingEvent& pending) {
  const auto& key = pending.event.key;
  const auto heal = heal_of(pending);
  if (!heal) {
    return;
  }
  const bool deleted = pending.event.type == WatchEventType::deleted;
  const LogFields object_fields{{"object", to_string(key)},
                                {"change", deleted ? "deleted" : "modified"}};
  if (m_suspended.load()) {
    first_suspended_drift(key);
    m_log.write(LogLevel::warning, name(), "drift detected, not healed: app suspended",
                object_fields);
    return;
  }
  m_metrics.count_drift(name());
  {
    std::lock_guard lock(m_mutex);
    if (m_fights.fighting(key)) {
      return;  // reported once, when the fight was noticed
    }
  }
  auto applied = m_heal_cluster->apply({heal->desired.object}, DryRun::no);
  const auto latency = std::chrono::steady_clock::now() - pending.received;
  if (!applied || applied->empty() || !applied->front().error.empty()) {
    auto fields = object_fields;
    fields.emplace_back("error", !applied
                                     ? applied.error().message
                                     : (applied->empty() ? "no result" : applied->front().error));
    m_metrics.count_heal_failure(name());
    m_log.write(LogLevel::error, name(), "heal failed", fields);
    return;
  }
  m_metrics.observe_heal(name(), std::chrono::duration<double>(latency).count());
  auto fields = object_fields;
  fields.emplace_back("latency", seconds_text(latency));
  fields.emplace_back("fields", join(heal->reverted, ","));
  m_log.write(LogLevel::info, name(), "healed", fields);
  count_fight(pending, *heal);
}

void AppWorker::count_fight(const PendingEvent& pending, const Heal& heal) {
  const auto& key = pending.event.key;
  bool fight = false;
  std::size_t fights = 0;
  std::string fought_field;
  {
    std::lock_guard lock(m_mutex);
    fight =
        m_fights.record_heal(key, heal.reverted, std::chrono::steady_clock::now(), &fought_field);
    fights = m_fights.fights();
  }
  if (!fight) {
    return;
  }
  m_metrics.set_fights(name(), fights);
  // The other side, named from managedFields: the owner of the fought field.
  const auto writer = writer_of(heal.comparison.drift, fought_field, pending.event.object);
  m_log.write(
      LogLevel::error, name(),
      "stopped healing " + to_string(key) + ": fighting with " + writer + " over " + fought_field,
      {{"object", to_string(key)},
       {"field", fought_field},
       {"heals", std::to_string(m_options.fight_limit + 1)},
       {"window", seconds_text(m_options.fight_window)}});
}

}  // namespace kgitops
