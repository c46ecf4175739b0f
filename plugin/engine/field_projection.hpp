#pragma once

#include <optional>
#include <string>

#include "core/object.hpp"

namespace kgitops {

// The managedFields entry (fieldsV1) of `manager` for a whole-object Apply,
// or nullopt when that manager owns nothing in `live`.
std::optional<Json> owned_fields(const Json& live, std::string_view manager);

// The part of `live` that matters when comparing it with `desired`: every
// field `desired` declares, plus every field `owned` (a fieldsV1 set) says we
// applied before, so a field removed from git shows as a difference. Fields
// only the server or other controllers set (status, defaults, metadata the
// server writes) are left out: they are not drift.
Json project_live(const Json& live, const Json& desired, const Json* owned);

}  // namespace kgitops
