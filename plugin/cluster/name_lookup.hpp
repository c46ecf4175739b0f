#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "cluster/cluster_options.hpp"
#include "core/error.hpp"

namespace kgitops {

// Quick name lookups for shell completion, each one kubectl call with the
// user's --kubeconfig and --context, bounded by `timeout` so a cluster that
// does not answer only costs the shell a pause.

// The apps that have an inventory in the cluster.
Result<std::vector<std::string>> inventory_app_names(const ClusterOptions& cluster,
                                                     std::chrono::milliseconds timeout);

// The context names of the kubeconfig (read locally, not from the cluster).
Result<std::vector<std::string>> kubeconfig_context_names(const ClusterOptions& cluster,
                                                          std::chrono::milliseconds timeout);

// The cluster's namespaces.
Result<std::vector<std::string>> namespace_names(const ClusterOptions& cluster,
                                                 std::chrono::milliseconds timeout);

}  // namespace kgitops
