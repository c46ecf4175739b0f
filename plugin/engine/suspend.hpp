#pragma once

#include <string>

#include "cluster/cluster.hpp"

namespace kgitops {

// Marks `app` suspended (or not) with an annotation on its inventory
// ConfigMap: a watch then reports drift without healing it. Only the
// annotation changes, under a field manager of its own, so a sync storing
// the inventory at the same time never undoes it. Fails when the app has
// never been synced.
Result<void> set_suspended(Cluster& cluster, const std::string& app, bool suspended);

}  // namespace kgitops
