#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "cluster/cluster.hpp"
#include "core/defaults.hpp"
#include "engine/scope.hpp"
#include "health/health.hpp"

namespace kgitops {

// The health of one object the app declares, at one look.
struct ObjectHealth {
  ResourceKey key;
  Health health;
};

// What a wait sees at each look, for progress output.
class HealthProgress {
 public:
  virtual ~HealthProgress() = default;
  // `objects` in the order they were asked for; called after every look.
  virtual void update(const std::vector<ObjectHealth>& objects) = 0;
  // The wait is over, whatever its outcome.
  virtual void finish() = 0;
};

// A HealthProgress that shows nothing (dry runs, callers that only want the result).
class SilentHealthProgress final : public HealthProgress {
 public:
  void update(const std::vector<ObjectHealth>&) override {}
  void finish() override {}
};

struct HealthWaitOptions {
  std::chrono::seconds timeout = defaults::k_health_timeout;
  std::chrono::milliseconds poll_interval{1000};
  // Time, replaceable so unit tests run without sleeping.
  std::function<std::chrono::steady_clock::time_point()> now = [] {
    return std::chrono::steady_clock::now();
  };
  std::function<void(std::chrono::milliseconds)> sleep;  // empty: this_thread::sleep_for
  // Asked before every look: true ends the wait with an error (the watch
  // is shutting down and must not sit out a long timeout).
  std::function<bool()> should_stop;
};

enum class HealthWaitOutcome {
  healthy,   // every object Healthy (or Suspended, a user's deliberate pause)
  degraded,  // an object reported a failure that waiting will not fix
  timed_out,
};

struct HealthWaitResult {
  HealthWaitOutcome outcome = HealthWaitOutcome::healthy;
  std::vector<ObjectHealth> objects;  // the last look at every object
  // The objects that stopped the wait (degraded ones, or all that were not
  // healthy at the timeout), with the reason of their worst pod added.
  std::vector<ObjectHealth> blocking;
  std::chrono::milliseconds waited{0};
};

// Whether a wait counts `state` as arrived. Suspended is: the object does
// what its owner asked it to (a paused rollout, a suspended Job).
bool health_settled(HealthState state);

// Looks at `keys` (objects of the app `app_name`, found by its label; one
// list request per kind) until all are settled, one is Degraded, or the
// timeout passes. For workloads that are not healthy at the end, the pods
// they select are read too, so the reason names the failing pod's condition.
Result<HealthWaitResult> wait_for_health(Cluster& cluster, const Scope& scope,
                                         const std::string& app_name,
                                         const std::vector<ResourceKey>& keys,
                                         const HealthWaitOptions& options,
                                         HealthProgress& progress);

// One look, without waiting: the health of each of `keys` (Missing when the
// cluster does not have it). For status and metrics.
Result<std::vector<ObjectHealth>> assess_objects(Cluster& cluster, const Scope& scope,
                                                 const std::string& app_name,
                                                 const std::vector<ResourceKey>& keys);

// The worst state among `objects` (Healthy for none).
HealthState app_health(const std::vector<ObjectHealth>& objects);

}  // namespace kgitops
