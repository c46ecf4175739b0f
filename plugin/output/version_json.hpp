#pragma once

#include "core/object.hpp"

namespace kgitops {

// The versioned "Version" document of `version -o json|yaml`: the plugin's
// version, as `version` prints it (docs/output.md).
Json version_to_json();

}  // namespace kgitops
