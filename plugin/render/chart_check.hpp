#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace kgitops {

// Checks the Helm chart in `chart` (under the canonical `root`) before helm
// runs, and refuses what would make helm read beyond the repository or want
// to fetch:
// - a symbolic link anywhere in the chart that leads outside `root`;
// - a dependency (Chart.yaml's, or requirements.yaml's for apiVersion v1)
//   that is not vendored in charts/ (a folder whose Chart.yaml has its name,
//   or a <name>-<version>.tgz) and whose repository is remote (https://,
//   oci://...) on a host not in `allowed_hosts` (the rule of kustomize's
//   remote bases), or names a repository of helm's own configuration
//   (@name, alias:name), which is never read.
// The charts vendored as folders are checked in turn. Errors name the file
// as a path inside the repository.
Result<void> check_chart(const std::filesystem::path& root, const std::filesystem::path& chart,
                         const std::vector<std::string>& allowed_hosts);

}  // namespace kgitops
