#pragma once

#include <string>
#include <vector>

#include "core/object.hpp"
#include "engine/object_comparison.hpp"

namespace kgitops {

// Who last changed `object` other than us: the field manager of its most
// recent managedFields entry not ours and not of the status subresource,
// e.g. "kubectl" or "horizontal-pod-autoscaler"; "unknown" when it cannot be
// told.
std::string last_writer(const Json& object);

// Who wrote `field`, one of the fields compare() found drifted in `live`:
// the manager that owns it in managedFields, when that is not us; else, as
// when the whole object was deleted, last_writer(live).
std::string writer_of(const std::vector<DriftedField>& drift, const std::string& field,
                      const Json& live);

}  // namespace kgitops
