#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "cluster/cluster.hpp"

namespace kgitops {

// `text` percent-encoded for a URL query value: everything but letters,
// digits and `-._~`, so a label selector's `/`, `=` and `,` stay data.
std::string percent_encode(std::string_view text);

// The REST path of the collection of `resource`, in namespace `ns` when the
// kind is namespaced and `ns` is not empty: `/api/v1/namespaces/prod/configmaps`.
std::string collection_path(const ApiResource& resource, const std::string& ns);

// The API path of a watch of `resource` in all namespaces that starts just
// after `resource_version`, with bookmarks so that the version stays fresh
// while nothing changes: `/api/v1/<resource>?watch=true&...` for the core
// group, `/apis/<group>/<version>/<resource>?...` otherwise.
std::string raw_watch_path(const ApiResource& resource, const std::string& selector,
                           const std::string& resource_version, std::chrono::seconds timeout);

// Whether discovery told enough about `resource` to build its API path.
bool has_api_path(const ApiResource& resource);

// `kubectl get --raw <path>` after `base` (kubectl and its global flags):
// unlike `kubectl get --watch`, it can resume from a resourceVersion.
std::vector<std::string> raw_watch_argv(std::vector<std::string> base, const std::string& path);

}  // namespace kgitops
