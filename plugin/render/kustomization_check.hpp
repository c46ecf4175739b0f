#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace kgitops {

// Reads the kustomization in `folder` (under the canonical `root`) and every
// local kustomization it reaches (through resources, bases, components,
// generators, transformers and validators), before kustomize runs, and
// refuses what would make kustomize read beyond the repository:
// - a remote entry (http, https, git::, git@, ssh, file://, gh:, the
//   github.com/org/repo shorthand, `//` with `?ref=`) in any field kustomize
//   loads from (resources, bases, components, patches, generators, openapi,
//   helmCharts' repo...), unless its host is one of `allowed_hosts` ("host"
//   or "host:port", any case); file:// never is;
// - a local path leaving `root` (`..`, absolute, or through a symlink).
// Errors name the kustomization file, as a path inside the repository, and
// the entry (without any user-info).
Result<void> check_kustomization(const std::filesystem::path& root,
                                 const std::filesystem::path& folder,
                                 const std::vector<std::string>& allowed_hosts);

// The local paths, as written, that the kustomization `text` (read from
// `file`) names: resources, bases, components, generators, transformers,
// validators and patch files. Remote entries are left out. For exporting
// what a build needs; errors name `file` and line.
Result<std::vector<std::string>> kustomization_local_paths(const std::string& text,
                                                           const std::string& file);

}  // namespace kgitops
