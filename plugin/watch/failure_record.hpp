#pragma once

#include <string>

#include "cluster/cluster.hpp"
#include "engine/app.hpp"

namespace kgitops {

// Marks `app` Failed in its inventory with `message`, so `status` shows why
// the watch keeps its last good commit. Members and the last commit stay as
// the last sync left them; an app never synced gets an inventory of no
// members. `agent` stamps it as a sync does. Writes nothing when the
// inventory already says so.
Result<void> record_failure(Cluster& cluster, const AppSpec& app, const std::string& message,
                            const std::string& agent = {});

// `text` with every byte that is not valid UTF-8 replaced by U+FFFD: an
// error may quote a manifest's bytes, and the cluster takes UTF-8 only.
std::string valid_utf8(const std::string& text);

}  // namespace kgitops
