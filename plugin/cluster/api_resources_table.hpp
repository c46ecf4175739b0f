#pragma once

#include <string>
#include <vector>

#include "cluster/cluster.hpp"
#include "core/error.hpp"

namespace kgitops {

// Parses `kubectl api-resources [-o wide]` table output by the header's
// column positions; the wide table's verbs tell which kinds can be listed.
Result<std::vector<ApiResource>> parse_api_resources(const std::string& table);

}  // namespace kgitops
