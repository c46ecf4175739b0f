#pragma once

#include <string>
#include <vector>

#include "cluster/cluster.hpp"
#include "engine/desired.hpp"
#include "validate/validation_report.hpp"

namespace kgitops {

// Has the API server check every object of `desired` (a server-side apply
// dry run: admission, schema, quota...) and adds a finding for each one it
// refuses, at the object's file and line. A kind the cluster does not serve
// is an error, unless a CRD of the same commit declares it; an object whose
// namespace the same commit creates cannot be checked yet: both of these
// are warnings. Objects the render left without a namespace get
// `default_namespace`, as sync gives them.
void check_with_server(Cluster& cluster, const std::vector<DesiredObject>& desired,
                       const std::string& default_namespace, std::vector<Finding>& findings);

}  // namespace kgitops
