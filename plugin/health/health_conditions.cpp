#include <algorithm>
#include <array>
#include <string_view>

#include "health/health_fields.hpp"
#include "health/health_rules.hpp"

namespace kgitops::health {
namespace {

// Reasons controllers give for `Ready=False` while they are still working on
// it (Flux, cert-manager, Crossplane, operators built on kstatus): waiting, not
// failed.
constexpr std::array<std::string_view, 16> k_progress_reasons = {
    "Progressing",  "ProgressingWithRetry",
    "Reconciling",  "InProgress",
    "Pending",      "Creating",
    "Updating",     "Upgrading",
    "Installing",   "Initializing",
    "Provisioning", "Deleting",
    "Waiting",      "DependencyNotReady",
    "DoesNotExist", "Issuing",
};

bool is_progress_reason(std::string_view reason) {
  return std::find(k_progress_reasons.begin(), k_progress_reasons.end(), reason) !=
         k_progress_reasons.end();
}

std::string describe_or(const Condition& condition, const std::string& fallback) {
  const std::string text = describe(condition);
  return text.empty() ? fallback : text;
}

}  // namespace

// The kstatus conventions: a controller that has not seen the latest spec is
// not done; Stalled means it gave up, Reconciling that it is working; Ready is
// the widespread, if unofficial, summary.
Health conditions_health(const Json& live) {
  const std::string kind = kind_of(live);
  const auto generation = int_at(live, {"metadata", "generation"});
  const auto observed = int_at(live, {"status", "observedGeneration"});
  if (generation && observed && *observed < *generation) {
    return {HealthState::progressing, kind + " generation is " + std::to_string(*generation) +
                                          ", but latest observed generation is " +
                                          std::to_string(*observed)};
  }

  const auto stalled = condition_of(live, "Stalled");
  if (stalled && stalled->is_true()) {
    return {HealthState::degraded, describe_or(*stalled, kind + " is stalled")};
  }
  const auto reconciling = condition_of(live, "Reconciling");
  if (reconciling && reconciling->is_true()) {
    return {HealthState::progressing, describe_or(*reconciling, kind + " is reconciling")};
  }

  const auto ready = condition_of(live, "Ready");
  if (!ready) {
    // Nothing to judge by: Argo CD counts such objects (ConfigMaps, RBAC...) as healthy.
    return {HealthState::healthy, ""};
  }
  // A Ready condition written for an older spec says nothing about the current one.
  if (generation && ready->observed_generation && *ready->observed_generation < *generation) {
    return {HealthState::progressing, "Waiting for the Ready condition of generation " +
                                          std::to_string(*generation) + " (it is of generation " +
                                          std::to_string(*ready->observed_generation) + ")"};
  }
  if (ready->is_true()) {
    return {HealthState::healthy, describe(*ready)};
  }
  if (ready->is_false() && !is_progress_reason(ready->reason)) {
    return {HealthState::degraded, describe_or(*ready, kind + " is not ready")};
  }
  return {HealthState::progressing, describe_or(*ready, kind + " is not ready yet")};
}

}  // namespace kgitops::health
