#pragma once

#include <map>
#include <string>
#include <vector>

#include "cluster/cluster.hpp"
#include "engine/scope.hpp"

namespace kgitops {

// Describes each object of `objects` (everything the API lists in one
// namespace) that is not `app`'s own: what keeps that Namespace from being
// pruned ("ConfigMap victim/data (unmanaged)"). Objects that the cluster
// makes by itself (Events, the default ServiceAccount, kube-root-ca.crt,
// Endpoints of a Service) and objects some other object owns (a Pod of a
// ReplicaSet) are passed over: their owner is listed too.
std::vector<std::string> strangers_in_namespace(const std::vector<Json>& objects,
                                                const std::string& app);

// strangers_in_namespace for each of `namespaces`, listing every kind the
// cluster serves in them. A namespace whose contents cannot be listed gets
// that error as its stranger: not knowing what it holds keeps it.
std::map<std::string, std::vector<std::string>> inspect_namespaces(
    Cluster& cluster, const Scope& scope, const std::vector<std::string>& namespaces,
    const std::string& app);

}  // namespace kgitops
