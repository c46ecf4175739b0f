#include "engine/hooks.hpp"

#include <atomic>
#include <chrono>
#include <ctime>
#include <random>

#include "core/constants.hpp"
#include "core/rfc3339.hpp"
#include "core/text.hpp"
#include "engine/helm_hooks.hpp"
#include "engine/replace.hpp"
#include "engine/sync_events.hpp"

namespace kgitops {

std::string to_string(HookPhase phase) {
  switch (phase) {
    case HookPhase::pre_sync:
      return "PreSync";
    case HookPhase::sync:
      return "Sync";
    case HookPhase::post_sync:
      return "PostSync";
    case HookPhase::sync_fail:
      return "SyncFail";
  }
  return "unknown";
}

namespace {

// Ours, else Argo CD's.
std::optional<std::string> either_annotation(const Json& object, std::string_view ours,
                                             std::string_view argo) {
  auto value = annotation_of(object, ours);
  return value ? value : annotation_of(object, argo);
}

Result<HookPhase> parse_phase(const std::string& value, const std::string& where) {
  for (const auto phase :
       {HookPhase::pre_sync, HookPhase::sync, HookPhase::post_sync, HookPhase::sync_fail}) {
    if (value == to_string(phase)) {
      return phase;
    }
  }
  return fail(where, ": hook must be PreSync, Sync, PostSync or SyncFail, not '", value, "'");
}

Result<HookDeletePolicy> parse_delete_policy(const Json& object, const std::string& where) {
  HookDeletePolicy policy;
  const auto value = either_annotation(object, keys::k_hook_delete_policy_annotation,
                                       keys::k_argo_hook_delete_policy_annotation);
  if (!value || trim(*value).empty()) {
    policy.before_creation = true;
    return policy;
  }
  for (std::size_t at = 0; at <= value->size();) {
    const auto end = std::min(value->find(',', at), value->size());
    const auto item = trim(value->substr(at, end - at));
    if (item == "BeforeHookCreation") {
      policy.before_creation = true;
    } else if (item == "HookSucceeded") {
      policy.succeeded = true;
    } else if (item == "HookFailed") {
      policy.failed = true;
    } else {
      return fail(where, ": hook delete policy must be BeforeHookCreation, HookSucceeded or ",
                  "HookFailed, not '", item, "'");
    }
    at = end + 1;
  }
  return policy;
}

// As the API server completes a generateName: five lowercase letters/digits.
std::string name_suffix() {
  static constexpr std::string_view alphabet = "bcdfghjklmnpqrstvwxz2456789";
  static std::atomic<unsigned> counter{0};
  std::mt19937 random(static_cast<unsigned>(
      std::chrono::system_clock::now().time_since_epoch().count() + counter++));
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::string suffix;
  for (int i = 0; i < 5; ++i) {
    suffix += alphabet[pick(random)];
  }
  return suffix;
}

// The object to write for this run: a generateName completed here, so the
// run's name is known before it exists and the apply creates a new object.
DesiredObject instance_of(const Hook& hook) {
  auto instance = hook.object;
  if (instance.key.name.empty()) {
    auto& metadata = instance.object["metadata"];
    instance.key.name = metadata.value("generateName", "") + name_suffix();
    metadata["name"] = instance.key.name;
    metadata.erase("generateName");
  }
  return instance;
}

// Writes the run's object: a fixed name with BeforeHookCreation replaces the
// previous run (deleted with a UID precondition and waited on until gone).
Result<void> create_hook(Cluster& cluster, const Hook& hook, const DesiredObject& instance,
                         const HookRunOptions& options) {
  if (!hook.object.key.name.empty() && hook.delete_policy.before_creation) {
    auto live = cluster.get(instance.resource, instance.key.ns, instance.key.name);
    if (!live) {
      return std::unexpected(live.error());
    }
    if (*live) {
      return replace_object(cluster, instance, **live, options.replace_timeout);
    }
  }
  auto applied = cluster.apply({instance.object}, DryRun::no);
  if (!applied) {
    return std::unexpected(applied.error());
  }
  if (!applied->empty() && !applied->front().error.empty()) {
    return fail(applied->front().error);
  }
  return {};
}

// Runs one hook to its end; the run's result, failures included.
Result<HookRun> run_hook(Cluster& cluster, const Scope& scope, const Hook& hook,
                         const HookRunOptions& options, SyncEvents& events) {
  const auto instance = instance_of(hook);
  HookRun run{instance.key, hook.phase, "Succeeded", {}, {}};
  events.hook({HookStep::running, hook.phase, instance.key, {}, {}});
  if (auto created = create_hook(cluster, hook, instance, options); !created) {
    run.result = "Failed";
    run.detail = to_string(created.error());
  } else {
    SilentHealthProgress silent;
    auto& progress = options.progress ? *options.progress : silent;
    auto waited =
        wait_for_health(cluster, scope, options.app, {instance.key}, options.health, progress);
    if (!waited) {
      return std::unexpected(waited.error());
    }
    if (waited->outcome != HealthWaitOutcome::healthy) {
      run.result = "Failed";
      const auto& blocking = waited->blocking;
      run.detail = blocking.empty() ? "not healthy"
                                    : to_string(blocking.front().health.state) + ": " +
                                          blocking.front().health.message;
    }
  }
  run.finished_at = rfc3339_now();
  const bool succeeded = run.result == "Succeeded";
  events.hook({HookStep::finished, hook.phase, instance.key, run.result, run.detail});
  if ((succeeded && hook.delete_policy.succeeded) || (!succeeded && hook.delete_policy.failed)) {
    auto live = cluster.get(instance.resource, instance.key.ns, instance.key.name);
    if (live && *live) {
      const auto uid = (**live)["metadata"].value("uid", "");
      if (auto removed = cluster.remove(instance.resource, instance.key, uid); !removed) {
        events.hook(
            {HookStep::not_deleted, hook.phase, instance.key, {}, to_string(removed.error())});
      }
    }
  }
  return run;
}

// How an object takes part in a sync: applied with the app, run as a hook,
// or (a Helm hook of no sync event) not at all.
struct HookMark {
  enum class Use { applied, hook, skipped } use = Use::applied;
  HookPhase phase = HookPhase::sync;
  HookDeletePolicy policy;
};

// Ours, else Argo CD's, else Helm's.
Result<HookMark> hook_mark(const DesiredObject& object) {
  const auto where = to_string(object.source);
  const auto phase_name =
      either_annotation(object.object, keys::k_hook_annotation, keys::k_argo_hook_annotation);
  if (phase_name) {
    auto phase = parse_phase(trim(*phase_name), where);
    if (!phase) {
      return std::unexpected(phase.error());
    }
    auto policy = parse_delete_policy(object.object, where);
    if (!policy) {
      return std::unexpected(policy.error());
    }
    return HookMark{HookMark::Use::hook, *phase, *policy};
  }
  const auto helm = helm_hook_use(object.object);
  if (helm == HelmHookUse::none || helm == HelmHookUse::skipped) {
    return HookMark{helm == HelmHookUse::none ? HookMark::Use::applied : HookMark::Use::skipped,
                    HookPhase::sync,
                    {}};
  }
  auto policy = helm_delete_policy(object.object, where);
  if (!policy) {
    return std::unexpected(policy.error());
  }
  const auto phase = helm == HelmHookUse::pre_sync ? HookPhase::pre_sync : HookPhase::post_sync;
  return HookMark{HookMark::Use::hook, phase, *policy};
}

}  // namespace

bool is_hook(const Json& object) {
  return either_annotation(object, keys::k_hook_annotation, keys::k_argo_hook_annotation)
             .has_value() ||
         annotation_of(object, keys::k_helm_hook_annotation).has_value();
}

Result<std::vector<Hook>> take_hooks(std::vector<DesiredObject>& desired) {
  std::vector<Hook> hooks;
  std::vector<DesiredObject> rest;
  for (auto& object : desired) {
    auto mark = hook_mark(object);
    if (!mark) {
      return std::unexpected(mark.error());
    }
    if (mark->use == HookMark::Use::applied) {
      rest.push_back(std::move(object));
      continue;
    }
    if (mark->use == HookMark::Use::skipped) {
      continue;  // a Helm test, delete or rollback hook: no sync runs it
    }
    // Found by the app label, for health and status; not an ApplySet member.
    auto& labels = object.object["metadata"]["labels"];
    if (labels.is_object()) {
      labels.erase(std::string(keys::k_applyset_part_of_label));
    }
    hooks.push_back({std::move(object), mark->phase, mark->policy});
  }
  desired = std::move(rest);
  return hooks;
}

Result<bool> run_hooks(Cluster& cluster, const Scope& scope, const std::vector<Hook>& hooks,
                       HookPhase phase, const HookRunOptions& options, std::vector<HookRun>& runs,
                       SyncEvents& events) {
  for (const auto& hook : hooks) {
    if (hook.phase != phase) {
      continue;
    }
    if (options.dry_run) {
      events.hook({HookStep::would_run, phase, hook.object.key, {}, {}});
      runs.push_back({hook.object.key, phase, "Skipped (dry run)", {}, {}});
      continue;
    }
    auto run = run_hook(cluster, scope, hook, options, events);
    if (!run) {
      return std::unexpected(run.error());
    }
    runs.push_back(*run);
    if (run->result != "Succeeded") {
      return false;
    }
  }
  return true;
}

}  // namespace kgitops
