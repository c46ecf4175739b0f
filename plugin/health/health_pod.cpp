#include <algorithm>
#include <array>
#include <string_view>
#include <vector>

#include "health/health_fields.hpp"
#include "health/health_rules.hpp"

namespace kgitops::health {
namespace {

// Waiting reasons the kubelet reports when a container cannot start and
// retrying will not help without a change (a bad image, a missing Secret, a
// process that keeps exiting). ContainerCreating and PodInitializing are the
// normal waits and are not here.
constexpr std::array<std::string_view, 8> k_stuck_reasons = {
    "CrashLoopBackOff",           "ImagePullBackOff",     "ErrImagePull",     "ErrImageNeverPull",
    "CreateContainerConfigError", "CreateContainerError", "InvalidImageName", "RunContainerError",
};

// Init containers first: they run, and fail, before the others.
std::vector<const Json*> container_statuses(const Json& live) {
  std::vector<const Json*> statuses;
  for (const char* list : {"initContainerStatuses", "containerStatuses"}) {
    const Json* entries = field_at(live, {"status", list});
    if (entries == nullptr || !entries->is_array()) {
      continue;
    }
    for (const auto& entry : *entries) {
      if (entry.is_object()) {
        statuses.push_back(&entry);
      }
    }
  }
  return statuses;
}

// "OOMKilled (exit code 137)" from a container's `state` or `lastState`; "" if
// the container did not terminate there.
std::string termination(const Json& status, std::string_view state) {
  const Json* terminated = field_at(status, {state, "terminated"});
  if (terminated == nullptr || !terminated->is_object()) {
    return {};
  }
  std::string text = string_at(*terminated, {"reason"});
  if (text.empty()) {
    text = "terminated";
  }
  text += " (exit code " + std::to_string(int_at_or(*terminated, {"exitCode"}, 0)) + ")";
  const std::string message = string_at(*terminated, {"message"});
  if (!message.empty()) {
    text += ": " + message;
  }
  return text;
}

// One line per container stuck waiting on an error.
std::vector<std::string> stuck_containers(const Json& live) {
  std::vector<std::string> stuck;
  for (const Json* status : container_statuses(live)) {
    const std::string reason = string_at(*status, {"state", "waiting", "reason"});
    if (std::find(k_stuck_reasons.begin(), k_stuck_reasons.end(), reason) ==
        k_stuck_reasons.end()) {
      continue;
    }
    std::string line = "container " + in_quotes(string_at(*status, {"name"})) + " is in " + reason;
    const std::string message = string_at(*status, {"state", "waiting", "message"});
    if (!message.empty()) {
      line += ": " + message;
    }
    const std::string last = termination(*status, "lastState");
    if (!last.empty()) {
      line += "; last terminated: " + last;
    }
    stuck.push_back(std::move(line));
  }
  return stuck;
}

bool is_ready(const Json& live) {
  if (const auto ready = condition_of(live, "Ready")) {
    return ready->is_true();
  }
  const Json* containers = field_at(live, {"status", "containerStatuses"});
  return containers != nullptr && containers->is_array() && !containers->empty() &&
         std::all_of(containers->begin(), containers->end(),
                     [](const Json& status) { return bool_at(status, {"ready"}); });
}

std::string failure_of(const Json& live) {
  const std::string reason = string_at(live, {"status", "reason"});
  const std::string message = string_at(live, {"status", "message"});
  if (!reason.empty() || !message.empty()) {
    return reason.empty() ? message : message.empty() ? reason : reason + ": " + message;
  }
  for (const Json* status : container_statuses(live)) {
    const Json* terminated = field_at(*status, {"state", "terminated"});
    if (terminated != nullptr && (int_at_or(*terminated, {"exitCode"}, 0) != 0 ||
                                  string_at(*terminated, {"reason"}) == "OOMKilled")) {
      return "container " + in_quotes(string_at(*status, {"name"})) + " " +
             termination(*status, "state");
    }
  }
  return "no reason reported";
}

Health pending_health(const Json& live) {
  const auto scheduled = condition_of(live, "PodScheduled");
  if (scheduled && scheduled->is_false() && scheduled->reason == "Unschedulable") {
    return {HealthState::progressing, "Pod is unschedulable: " + scheduled->message};
  }
  std::vector<std::string> waits;
  for (const Json* status : container_statuses(live)) {
    const std::string reason = string_at(*status, {"state", "waiting", "reason"});
    if (!reason.empty()) {
      waits.push_back("container " + in_quotes(string_at(*status, {"name"})) + " " + reason);
    }
  }
  return {HealthState::progressing,
          waits.empty() ? "Pod is pending" : "Pod is pending: " + join(waits, ", ")};
}

Health running_health(const Json& live) {
  // Pods that are meant to finish (hooks, bare batch pods) are healthy once
  // they succeed, not while they run.
  const std::string restart_policy = string_at(live, {"spec", "restartPolicy"});
  if (restart_policy == "Never" || restart_policy == "OnFailure") {
    return {HealthState::progressing,
            "Pod is running to completion (restartPolicy " + restart_policy + ")"};
  }
  if (is_ready(live)) {
    return {HealthState::healthy, "Pod is running and ready"};
  }
  std::string message = "Pod is running but not ready";
  const auto ready = condition_of(live, "Ready");
  if (ready && !ready->message.empty()) {
    message += ": " + ready->message;
  }
  for (const Json* status : container_statuses(live)) {
    const std::string last = termination(*status, "lastState");
    if (!last.empty()) {
      message +=
          "; container " + in_quotes(string_at(*status, {"name"})) + " last terminated: " + last;
    }
  }
  return {HealthState::progressing, message};
}

}  // namespace

Health pod_health(const Json& live) {
  const std::string phase = string_at(live, {"status", "phase"});
  if (phase == "Succeeded") {
    return {HealthState::healthy, "Pod completed successfully"};
  }
  if (phase == "Failed") {
    return {HealthState::degraded, "Pod failed: " + failure_of(live)};
  }
  // Checked for every restart policy: a hook Pod whose image cannot be pulled
  // will not run either, and saying so beats waiting for a timeout.
  const auto stuck = stuck_containers(live);
  if (!stuck.empty()) {
    return {HealthState::degraded, join(stuck, "; ")};
  }
  if (phase == "Pending") {
    return pending_health(live);
  }
  if (phase == "Running") {
    return running_health(live);
  }
  if (phase.empty()) {
    return {HealthState::progressing, "Pod has no phase yet"};
  }
  // "Unknown": the node stopped reporting on the Pod.
  std::string message = "Pod phase is " + phase;
  const std::string reason = string_at(live, {"status", "message"});
  if (!reason.empty()) {
    message += ": " + reason;
  }
  return {HealthState::unknown, message};
}

}  // namespace kgitops::health
