#pragma once

#include <vector>

#include "core/error.hpp"
#include "render/renderer.hpp"

namespace kgitops {

// Adds the object `value` (or a List's items) to `manifests` after checking
// it is one a sync can track: a map with apiVersion, kind and a name (or a
// hook's generateName), whose metadata the API server will decode (labels
// and annotations maps of strings). Errors name `source`.
Result<void> add_manifest(const Json& value, const SourceLocation& source,
                          std::vector<Manifest>& manifests);

}  // namespace kgitops
