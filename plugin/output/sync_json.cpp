#include "output/sync_json.hpp"

#include <cctype>

#include "output/document.hpp"

namespace kgitops {
namespace {

constexpr ObjectAction k_actions[] = {ObjectAction::created,    ObjectAction::adopted,
                                      ObjectAction::configured, ObjectAction::replaced,
                                      ObjectAction::pruned,     ObjectAction::prune_failed,
                                      ObjectAction::failed};

Json claims_json(const std::vector<Claim>& claims) {
  Json list = Json::array();
  for (const auto& claim : claims) {
    list.push_back(object_entry(claim.key, {{"holder", claim.holder}, {"detail", claim.detail}}));
  }
  return list;
}

Json health_json(const std::optional<HealthWaitResult>& health) {
  if (!health) {
    return nullptr;
  }
  Json blocking = Json::array();
  for (const auto& object : health->blocking) {
    blocking.push_back(object_health_json(object));
  }
  return {{"outcome", health_outcome_name(health->outcome)},
          {"waitedSeconds", static_cast<double>(health->waited.count()) / 1000.0},
          {"blocking", std::move(blocking)}};
}

Json summary_json(const SyncReport& report) {
  Json summary = Json::object();
  for (const auto action : k_actions) {
    summary[action_name(action)] = report.count(action);
  }
  summary["unchanged"] = report.unchanged;
  return summary;
}

}  // namespace

// The text's name in camelCase: "prune failed" is "pruneFailed".
std::string action_name(ObjectAction action) {
  std::string name;
  bool word_start = false;
  for (const char c : to_string(action)) {
    if (c == ' ') {
      word_start = true;
      continue;
    }
    name += word_start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    word_start = false;
  }
  return name;
}

std::string health_outcome_name(HealthWaitOutcome outcome) {
  switch (outcome) {
    case HealthWaitOutcome::healthy:
      return "Healthy";
    case HealthWaitOutcome::degraded:
      return "Degraded";
    case HealthWaitOutcome::timed_out:
      return "TimedOut";
  }
  return "Unknown";
}

Json object_health_json(const ObjectHealth& object) {
  return object_entry(
      object.key, {{"health", to_string(object.health.state)}, {"message", object.health.message}});
}

Json sync_to_json(const SyncReport& report) {
  Json outcomes = Json::array();
  for (const auto& outcome : report.outcomes) {
    outcomes.push_back(object_entry(
        outcome.key, {{"action", action_name(outcome.action)}, {"detail", outcome.detail}}));
  }
  Json kept = Json::array();
  for (const auto& decision : report.kept) {
    kept.push_back(object_entry(decision.key, {{"reason", decision.reason}}));
  }
  Json object_health = Json::array();
  for (const auto& object : report.object_health) {
    object_health.push_back(object_health_json(object));
  }
  Json hook_runs = Json::array();
  for (const auto& run : report.hook_runs) {
    hook_runs.push_back(object_entry(run.key, {{"phase", to_string(run.phase)},
                                               {"result", run.result},
                                               {"detail", run.detail},
                                               {"finishedAt", run.finished_at}}));
  }
  return versioned("SyncReport", {{"app", report.app},
                                  {"commit", report.commit},
                                  {"dryRun", report.dry_run},
                                  {"succeeded", report.succeeded()},
                                  {"refusal", report.refusal},
                                  {"summary", summary_json(report)},
                                  {"outcomes", std::move(outcomes)},
                                  {"kept", std::move(kept)},
                                  {"ownership",
                                   {{"adoptable", claims_json(report.ownership.adoptable)},
                                    {"conflicts", claims_json(report.ownership.conflicts)},
                                    {"sourceConflict", report.ownership.source_conflict}}},
                                  {"health", health_json(report.health)},
                                  {"objectHealth", std::move(object_health)},
                                  {"hookRuns", std::move(hook_runs)}});
}

}  // namespace kgitops
