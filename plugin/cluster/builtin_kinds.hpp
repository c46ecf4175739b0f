#pragma once

#include <string_view>
#include <vector>

#include "cluster/cluster.hpp"

namespace kgitops {

// The kinds every Kubernetes cluster serves, with their preferred version,
// plural and scope: the one table of them. Used without discovery (validate
// offline) and for the kinds this tool reads by itself (inventories,
// Namespaces, what audit counts as unmanaged).
const std::vector<ApiResource>& builtin_kinds();

// The built-in kind `kind` of `group` ("" for the core group). Asking for one
// the table lacks is a programming error: it throws std::out_of_range.
const ApiResource& builtin_kind(std::string_view group, std::string_view kind);

}  // namespace kgitops
