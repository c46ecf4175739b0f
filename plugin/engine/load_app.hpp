#pragma once

#include <optional>
#include <vector>

#include "cluster/cluster.hpp"
#include "engine/desired.hpp"
#include "engine/hooks.hpp"
#include "git/git_source.hpp"

namespace kgitops {

class ParseCache;

// What git declares for an app at one commit, ready to compare and apply.
struct LoadedApp {
  Checkout checkout;
  std::vector<Manifest> manifests;
  Scope scope;
  std::vector<DesiredObject> desired;  // what the app applies, hooks left out
  std::vector<Hook> hooks;             // run at their phase of a sync
};

// Fetches the commit, renders it and prepares every object. With a cluster,
// kinds are resolved through its discovery; without one (offline), through
// the built-in table and the repository's own CRDs, and objects of kinds
// neither knows are kept with the namespace they name. Touches nothing in the
// cluster: any failure here leaves it exactly as it was. A plain folder is
// read from git's object database, its files parsed through `cache` when one
// is given (an agent renders the same app over and over).
Result<LoadedApp> load_app(GitSource& git, Cluster* cluster, const AppSpec& app,
                           const std::string& kubectl, ParseCache* cache = nullptr);

}  // namespace kgitops
