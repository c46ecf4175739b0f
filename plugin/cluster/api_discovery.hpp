#pragma once

#include <string>
#include <vector>

#include "cluster/cluster.hpp"

namespace kgitops {

// The Accept header that asks /api and /apis for aggregated discovery: every
// group, version and kind in one answer per path (Kubernetes 1.30+).
inline constexpr const char* k_aggregated_discovery_accept =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
    "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

// The kinds of an APIGroupDiscoveryList, each group at its preferred version
// (the first one listed), as `kubectl api-resources` shows them; listable
// when the list verb is served. Fails, naming what is wrong, on anything
// that is not such a list.
Result<std::vector<ApiResource>> parse_aggregated_discovery(const std::string& body);

}  // namespace kgitops
