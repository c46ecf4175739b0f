#pragma once

#include <string_view>

#include "core/object.hpp"
#include "core/resource_key.hpp"

namespace kgitops {

// Every JSON and YAML document the commands print names its shape, as
// Kubernetes objects do, so that a shape can change under a new version
// while scripts written for this one keep working (docs/output.md).
inline constexpr std::string_view k_output_api_version = "gitops.kubectl.dev/v1";

// `body` with "apiVersion" and "kind" (e.g. "SyncReport") added.
Json versioned(std::string_view kind, Json body);

// The fields naming one object: group ("" for the core group), kind,
// namespace ("" when cluster-scoped) and name.
Json object_fields(const ResourceKey& key);

// `fields` added to object_fields(key): one entry of a list of objects.
Json object_entry(const ResourceKey& key, Json fields);

}  // namespace kgitops
