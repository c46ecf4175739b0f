#pragma once

#include <optional>
#include <string>

#include "core/object.hpp"

namespace kgitops {

// Why `object` deserves a second look, or nothing: a ClusterRoleBinding or
// RoleBinding whose roleRef is the ClusterRole cluster-admin, which gives its
// subjects every permission (in the binding's namespace, for a RoleBinding).
std::optional<std::string> cluster_admin_binding_problem(const Json& object);

}  // namespace kgitops
