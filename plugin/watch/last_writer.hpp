#pragma once

#include <string>

#include "core/object.hpp"

namespace kgitops {

// Who last changed `object` other than us: the field manager of its most
// recent managedFields entry not ours and not of the status subresource,
// e.g. "kubectl" or "horizontal-pod-autoscaler"; "unknown" when it cannot be
// told.
std::string last_writer(const Json& object);

}  // namespace kgitops
