#include "engine/sync_hooks.hpp"

#include "engine/sync_stage.hpp"

#include <algorithm>

namespace kgitops {

namespace {

// Runs the hooks of `phase`; false when one failed (recorded in the report).
Result<bool> run_phase(Cluster& cluster, const LoadedApp& loaded, HookPhase phase,
                       const SyncOptions& options, SyncReport& report, SyncEvents& events) {
  const HookRunOptions hook_options{options.app.name, options.dry_run, options.health,
                                    options.replace_timeout, options.progress};
  return run_hooks(cluster, loaded.scope, loaded.hooks, phase, hook_options, report.hook_runs,
                   events);
}

// SyncFail hooks, after a failure; the sync has failed whatever they do.
Result<void> run_sync_fail(Cluster& cluster, const LoadedApp& loaded, const SyncOptions& options,
                           SyncReport& report, SyncEvents& events) {
  auto ran = run_phase(cluster, loaded, HookPhase::sync_fail, options, report, events);
  return ran ? Result<void>{} : std::unexpected(ran.error());
}

// PostSync hooks run once every object is healthy, with or without --wait.
Result<void> run_post_sync(Cluster& cluster, const LoadedApp& loaded, const SyncOptions& options,
                           SyncReport& report, SyncEvents& events) {
  const bool any = std::any_of(loaded.hooks.begin(), loaded.hooks.end(),
                               [](const auto& hook) { return hook.phase == HookPhase::post_sync; });
  if (!any) {
    return {};
  }
  if (!options.dry_run) {
    std::vector<ResourceKey> keys;
    for (const auto& object : loaded.desired) {
      keys.push_back(object.key);
    }
    if (auto waited = wait_for_objects(cluster, loaded.scope, keys, options,
                                       {.reason = HealthWaitReason::post_sync}, report, events);
        !waited) {
      return waited;
    }
    if (!report.healthy()) {
      return {};  // PostSync never runs on an unhealthy app
    }
  }
  auto ran = run_phase(cluster, loaded, HookPhase::post_sync, options, report, events);
  return ran ? Result<void>{} : std::unexpected(ran.error());
}

}  // namespace

Result<bool> run_opening_hooks(Cluster& cluster, const LoadedApp& loaded,
                               const SyncOptions& options, SyncReport& report, SyncEvents& events) {
  for (const auto phase : {HookPhase::pre_sync, HookPhase::sync}) {
    auto ran = run_phase(cluster, loaded, phase, options, report, events);
    if (!ran) {
      return std::unexpected(ran.error());
    }
    if (!*ran) {
      if (auto failed = run_sync_fail(cluster, loaded, options, report, events); !failed) {
        return std::unexpected(failed.error());
      }
      return false;
    }
  }
  return true;
}

Result<void> run_closing_hooks(Cluster& cluster, const LoadedApp& loaded, bool changes,
                               const SyncOptions& options, SyncReport& report, SyncEvents& events) {
  if (!changes) {
    return {};
  }
  if (report.succeeded()) {
    if (auto post = run_post_sync(cluster, loaded, options, report, events); !post) {
      return post;
    }
  }
  if (!report.succeeded()) {
    return run_sync_fail(cluster, loaded, options, report, events);
  }
  return {};
}

std::string hook_failure_message(const SyncReport& report) {
  for (const auto& run : report.hook_runs) {
    if (run.result == "Failed") {
      return to_string(run.phase) + " hook " + to_string(run.key) + " failed: " + run.detail;
    }
  }
  return "";
}

std::vector<std::string> hook_run_lines(const std::vector<HookRun>& runs) {
  std::vector<std::string> lines;
  for (const auto& run : runs) {
    lines.push_back(to_string(run.phase) + " " + run.result + " " +
                    (run.finished_at.empty() ? "-" : run.finished_at) + " " + to_string(run.key));
  }
  return lines;
}

}  // namespace kgitops
