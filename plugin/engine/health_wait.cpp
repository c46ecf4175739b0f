#include "engine/health_wait.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <thread>

#include "core/constants.hpp"

namespace kgitops {

namespace {

// Workload kinds whose health is that of pods they select.
bool selects_pods(const ResourceKey& key) {
  static const std::set<std::pair<std::string, std::string>> k_workloads = {{"apps", "Deployment"},
                                                                            {"apps", "StatefulSet"},
                                                                            {"apps", "DaemonSet"},
                                                                            {"apps", "ReplicaSet"},
                                                                            {"batch", "Job"}};
  return k_workloads.contains({key.group, key.kind});
}

// "app=web,tier=front" from spec.selector.matchLabels; empty when there is none.
std::string pod_selector_of(const Json& live) {
  const auto spec = live.find("spec");
  if (spec == live.end() || !spec->is_object()) {
    return {};
  }
  const auto selector = spec->find("selector");
  if (selector == spec->end() || !selector->is_object()) {
    return {};
  }
  const auto labels = selector->find("matchLabels");
  if (labels == selector->end() || !labels->is_object()) {
    return {};
  }
  std::string text;
  for (const auto& [name, value] : labels->items()) {
    if (!value.is_string()) {
      continue;
    }
    text += (text.empty() ? "" : ",") + name + "=" + value.get<std::string>();
  }
  return text;
}

// The pod of `pods` (in `ns`) in the worst state, if any is unhealthy.
std::optional<ObjectHealth> worst_pod(const std::vector<Json>& pods, const std::string& ns) {
  std::optional<ObjectHealth> chosen;
  for (const auto& pod : pods) {
    auto key = key_of(pod);
    if (key.ns != ns) {
      continue;
    }
    auto health = assess_health(pod);
    if (health_settled(health.state)) {
      continue;
    }
    const bool worse = !chosen || (health.state != chosen->health.state &&
                                   worst(health.state, chosen->health.state) == health.state);
    if (worse) {
      chosen = ObjectHealth{std::move(key), std::move(health)};
    }
  }
  return chosen;
}

// Adds the reason of the worst pod of each workload in `objects`.
void explain_with_pods(Cluster& cluster, const Scope& scope,
                       const std::map<ResourceKey, Json>& live,
                       std::vector<ObjectHealth>& objects) {
  const auto pods_resource = scope.find("", "Pod");
  if (!pods_resource) {
    return;
  }
  for (auto& object : objects) {
    const auto found = live.find(object.key);
    if (!selects_pods(object.key) || found == live.end()) {
      continue;
    }
    const auto selector = pod_selector_of(found->second);
    if (selector.empty()) {
      continue;
    }
    auto pods = cluster.list({*pods_resource}, selector);
    if (!pods) {
      continue;  // the reason stays the workload's own; the wait itself failed anyway
    }
    if (const auto pod = worst_pod(*pods, object.key.ns)) {
      object.health.message += "; pod " + pod->key.name + ": " + pod->health.message;
    }
  }
}

// One look at `keys`: their live objects (by the app's label) and health.
Result<std::map<ResourceKey, Json>> read_live(Cluster& cluster, const Scope& scope,
                                              const std::string& app_name,
                                              const std::vector<ResourceKey>& keys) {
  std::vector<ApiResource> resources;
  std::set<std::pair<std::string, std::string>> kinds;
  for (const auto& key : keys) {
    if (!kinds.insert({key.group, key.kind}).second) {
      continue;
    }
    if (const auto resource = scope.find(key.group, key.kind)) {
      resources.push_back(*resource);
    }
  }
  std::map<ResourceKey, Json> live;
  if (resources.empty()) {
    return live;
  }
  auto listed = cluster.list(resources, std::string(keys::k_app_label) + "=" + app_name);
  if (!listed) {
    return std::unexpected(listed.error());
  }
  for (auto& object : *listed) {
    auto key = key_of(object);
    live.emplace(std::move(key), std::move(object));
  }
  return live;
}

std::vector<ObjectHealth> assess(const std::vector<ResourceKey>& keys,
                                 const std::map<ResourceKey, Json>& live) {
  std::vector<ObjectHealth> objects;
  objects.reserve(keys.size());
  for (const auto& key : keys) {
    const auto found = live.find(key);
    objects.push_back({key, found == live.end() ? missing_health() : assess_health(found->second)});
  }
  return objects;
}

}  // namespace

bool health_settled(HealthState state) {
  return state == HealthState::healthy || state == HealthState::suspended;
}

HealthState app_health(const std::vector<ObjectHealth>& objects) {
  auto state = HealthState::healthy;
  for (const auto& object : objects) {
    state = worst(state, object.health.state);
  }
  return state;
}

Result<std::vector<ObjectHealth>> assess_objects(Cluster& cluster, const Scope& scope,
                                                 const std::string& app_name,
                                                 const std::vector<ResourceKey>& keys) {
  auto live = read_live(cluster, scope, app_name, keys);
  if (!live) {
    return std::unexpected(live.error());
  }
  return assess(keys, *live);
}

Result<HealthWaitResult> wait_for_health(Cluster& cluster, const Scope& scope,
                                         const std::string& app_name,
                                         const std::vector<ResourceKey>& keys,
                                         const HealthWaitOptions& options,
                                         HealthProgress& progress) {
  const auto started = options.now();
  const auto deadline = started + options.timeout;
  const auto sleep = options.sleep ? options.sleep : [](std::chrono::milliseconds pause) {
    std::this_thread::sleep_for(pause);
  };
  HealthWaitResult result;
  while (true) {
    if (options.should_stop && options.should_stop()) {
      progress.finish();
      return fail("stopped while waiting for the health of ", std::to_string(keys.size()),
                  " object(s)");
    }
    auto live = read_live(cluster, scope, app_name, keys);
    if (!live) {
      progress.finish();
      return std::unexpected(live.error());
    }
    result.objects = assess(keys, *live);
    progress.update(result.objects);
    result.waited = std::chrono::duration_cast<std::chrono::milliseconds>(options.now() - started);

    const bool all_settled =
        std::all_of(result.objects.begin(), result.objects.end(),
                    [](const auto& o) { return health_settled(o.health.state); });
    if (all_settled) {
      result.outcome = HealthWaitOutcome::healthy;
      break;
    }
    for (const auto& object : result.objects) {
      if (object.health.state == HealthState::degraded) {
        result.blocking.push_back(object);
      }
    }
    if (!result.blocking.empty()) {
      result.outcome = HealthWaitOutcome::degraded;
      explain_with_pods(cluster, scope, *live, result.blocking);
      break;
    }
    if (options.now() >= deadline) {
      result.outcome = HealthWaitOutcome::timed_out;
      for (const auto& object : result.objects) {
        if (!health_settled(object.health.state)) {
          result.blocking.push_back(object);
        }
      }
      explain_with_pods(cluster, scope, *live, result.blocking);
      break;
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - options.now());
    sleep(std::clamp(left, std::chrono::milliseconds{0}, options.poll_interval));
  }
  progress.finish();
  return result;
}

}  // namespace kgitops
