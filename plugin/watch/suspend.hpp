#pragma once

#include <string>

#include "cluster/cluster.hpp"

namespace kgitops {

// Marks `app` suspended (or not) with an annotation on its inventory
// ConfigMap: a watch then reports drift without healing it. Only the
// annotation changes, through `kubectl annotate` (a field manager of its
// own), so a sync storing the inventory at the same time never undoes it.
// Fails when the app has never been synced.
Result<void> set_suspended(Cluster& cluster, const ClusterOptions& options, const std::string& app,
                           bool suspended);

// The `kubectl annotate` command line that sets or removes the annotation.
std::vector<std::string> suspend_argv(const ClusterOptions& options, const std::string& app,
                                      bool suspended);

}  // namespace kgitops
