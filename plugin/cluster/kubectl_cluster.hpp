#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cluster/cluster.hpp"
#include "cluster/kubectl_args.hpp"

namespace kgitops {

// As make_kubectl_cluster, but its applies skip kubectl's client-side
// validation, which costs every kubectl a download and parse of the whole
// OpenAPI schema: for watch's heals, which re-apply what a sync validated.
std::unique_ptr<Cluster> make_kubectl_cluster_without_validation(const ClusterOptions& options);

// Whether the apiserver answers its /readyz, within the request timeout.
Result<void> probe_apiserver(const ClusterOptions& options);

// How many kubectl processes share one apply of `object_count` objects: each
// process has its own client-side rate limit (5 requests/s), so several at
// once get past the throttle while kubectl still does all the talking.
std::size_t apply_parallelism(std::size_t object_count);

// How many kubectl processes share one list of `kind_count` kinds.
std::size_t list_parallelism(std::size_t kind_count);

}  // namespace kgitops
