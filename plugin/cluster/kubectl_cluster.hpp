#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cluster/cluster.hpp"

namespace kgitops {

// The kubectl argument lists behind each Cluster call, kept apart from running
// them so they can be tested and read in one place.
namespace kubectl_args {

// kubectl and the flags that say which cluster and as whom; for a watch, which runs on
// past any request timeout.
std::vector<std::string> base(const ClusterOptions& options);
// base() plus --request-timeout: what every call that should end runs.
std::vector<std::string> request(const ClusterOptions& options);
// How long one kubectl may run in all before it is killed: a few requests'
// worth, as one kubectl makes several (discovery, then a GET and a PATCH
// per object).
std::chrono::milliseconds process_deadline(const ClusterOptions& options);
// `kubectl apply --server-side` of a List read from stdin; without
// `validate`, kubectl skips its client-side validation.
std::vector<std::string> apply(const ClusterOptions& options, DryRun dry_run, bool validate = true);
// The REST path of one object, for `kubectl delete --raw`.
std::string object_path(const ApiResource& resource, const ResourceKey& key);

}  // namespace kubectl_args

// As make_kubectl_cluster, but its applies skip kubectl's client-side
// validation, which costs every kubectl a download and parse of the whole
// OpenAPI schema: for watch's heals, which re-apply what a sync validated.
std::unique_ptr<Cluster> make_kubectl_cluster_without_validation(const ClusterOptions& options);

// Whether the apiserver answers its /readyz, within the request timeout.
Result<void> probe_apiserver(const ClusterOptions& options);

// Parses `kubectl api-resources [-o wide]` table output by the header's
// column positions; the wide table's verbs tell which kinds can be listed.
Result<std::vector<ApiResource>> parse_api_resources(const std::string& table);

// How many kubectl processes share one apply of `object_count` objects: each
// process has its own client-side rate limit (5 requests/s), so several at
// once get past the throttle while kubectl still does all the talking.
std::size_t apply_parallelism(std::size_t object_count);

// How many kubectl processes share one list of `kind_count` kinds.
std::size_t list_parallelism(std::size_t kind_count);

}  // namespace kgitops
