#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cluster/cluster_options.hpp"
#include "core/error.hpp"
#include "core/resource_key.hpp"

namespace kgitops {

// What an app may write, and as whom: the equivalent of an Argo CD
// AppProject's destinations and resource lists, and of Flux's
// serviceAccountName. Empty lists allow everything, so an app without a
// reach is unrestricted.
struct Reach {
  // Every namespaced object must be in one of these, and a Namespace object
  // must be one of them.
  std::vector<std::string> namespaces;
  // "Kind" (any group) or "group/Kind"; the core group is "core"
  // ("core/ConfigMap", "apps/Deployment", "Deployment").
  std::vector<std::string> kinds;
  // false: no cluster-scoped kind (as discovery says), except a Namespace
  // that is one of `namespaces`, the namespace the app is confined to.
  bool cluster_scoped = true;
  // Who every kubectl of the app acts as; empty: the kubeconfig's user.
  Impersonation identity;
};

// Whether the lists are well formed: namespaces are DNS labels, kinds are
// Kind or group/Kind, groups go with a user, and a ServiceAccount user is
// system:serviceaccount:<namespace>:<name>.
Result<void> validate_reach(const Reach& reach);

// Whether `kind_rule` ("Deployment", "apps/Deployment", "core/ConfigMap")
// names the kind of `key`.
bool kind_rule_matches(const std::string& kind_rule, const ResourceKey& key);

// The rules the object `key` breaks, joined, or nullopt when it is within
// reach. `namespaced` is what discovery says of its kind.
std::optional<std::string> reach_violation(const ResourceKey& key, bool namespaced,
                                           const Reach& reach);

// `base` acting as the reach's identity: what every kubectl of the app gets.
ClusterOptions cluster_options_for(ClusterOptions base, const Reach& reach);

}  // namespace kgitops
