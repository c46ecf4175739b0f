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
//   helmCharts' repo, helmGlobals' chartHome...), unless its host is one of `allowed_hosts` ("host"
//   or "host:port", any case); file:// never is;
// - a local path leaving `root` (`..`, absolute, or through a symlink).
// Errors name the kustomization file, as a path inside the repository, and
// the entry (without any user-info).
// What a checked kustomization needs of its build.
struct KustomizationNeeds {
  bool helm = false;  // it inflates Helm charts (helmCharts): kustomize runs helm
};
Result<KustomizationNeeds> check_kustomization(const std::filesystem::path& root,
                                               const std::filesystem::path& folder,
                                               const std::vector<std::string>& allowed_hosts);

// Refuses the remote reference `entry` (a URL, git::, git@host:, gh:) that
// `tool` would fetch unless its host is one of `allowed_hosts`, as the check
// of kustomizations does; `display` and `field` say where it is written. A
// local path passes.
Result<void> check_remote_reference(const std::string& display, const std::string& field,
                                    const std::string& entry,
                                    const std::vector<std::string>& allowed_hosts,
                                    const std::string& tool);

// The local paths, as written, that the kustomization `text` (read from
// `file`) names: resources, bases, components, generators, transformers,
// validators and patch files. Remote entries are left out. For exporting
// what a build needs; errors name `file` and line.
Result<std::vector<std::string>> kustomization_local_paths(const std::string& text,
                                                           const std::string& file);

}  // namespace kgitops
