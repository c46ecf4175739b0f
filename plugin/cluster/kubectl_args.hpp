#pragma once

#include <chrono>
#include <optional>
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
// `kubectl annotate` of one object: `annotation=value --overwrite`, or
// `annotation-` to remove it.
std::vector<std::string> annotate(const ClusterOptions& options, const ApiResource& resource,
                                  const ResourceKey& key, const std::string& annotation,
                                  const std::optional<std::string>& value);
// The body of a delete: background cascading, as kubectl delete, and only
// if the object's UID is still `uid` (none when empty).
Json delete_options(const std::string& uid);
// The REST path of one object, for `kubectl delete --raw`.
std::string object_path(const ApiResource& resource, const ResourceKey& key);

}  // namespace kubectl_args

}  // namespace kgitops
