#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/defaults.hpp"
#include "core/error.hpp"
#include "engine/app.hpp"
#include "engine/ownership_check.hpp"

namespace kgitops {

// One app a watch keeps in sync.
struct WatchedApp {
  AppSpec app;
  bool prune = false;
  OwnershipOptions ownership;  // adopt: true takes over existing objects
  std::chrono::milliseconds interval = defaults::k_watch_interval;
  // The app's entry in its --config as read (compact JSON): a reload
  // restarts an app whose entry changed. It may hold secrets (helmSet): it
  // is compared, never shown.
  std::string definition = {};
};

// A duration as parse_duration reads it ("15s", "1m30s", a bare number of
// seconds), at least 1s.
Result<std::chrono::milliseconds> parse_interval(const std::string& text);

// The apps of an apps.yaml: a YAML list (or `apps:` holding one) of
// {name, repo, revision, path, namespace, prune, adopt, takeOver, interval,
// ignoreManagers, insecureHttp, kustomizeAllowHosts, maxRenderBytes,
// maxRenderFiles, allowNamespaces, allowKinds, noClusterScoped, as,
// asGroups, helmValues, helmSet}. Errors name `file` and the app. Names must
// be unique.
Result<std::vector<WatchedApp>> parse_watch_config(const std::string& text,
                                                   const std::string& file);

}  // namespace kgitops
