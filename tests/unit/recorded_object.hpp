#pragma once

#include <string_view>

#include "core/object.hpp"

namespace kgitops::testing {

// An object as `kubectl get -o json` printed it, kept as a JSON literal.
inline Json recorded(std::string_view json) {
  return Json::parse(json);
}

// Another state of a recorded object: `base` with an RFC 7386 JSON merge patch
// of only what differs. Objects merge key by key, null removes a key, and any
// other value replaces the old one whole: an array such as status.conditions
// is written out complete.
inline Json patched(Json base, std::string_view merge_patch) {
  base.merge_patch(Json::parse(merge_patch));
  return base;
}

}  // namespace kgitops::testing
