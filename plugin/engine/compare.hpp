#pragma once

#include <optional>
#include <string>

#include "core/object.hpp"

namespace kgitops {

// Whether `desired` and the projected live object mean the same: nulls and
// empty maps or lists count as absent, a number and a string compare by value
// (`cpu: 0.5` == "500m"), and so do two strings where the server keeps
// resource quantities (resources, capacity, quotas, limit ranges, sizeLimit:
// "1Gi" == "1024Mi"), as it normalises them. Elsewhere strings compare as
// text: an annotation "1.10" is not "1.1".
// `quantities`: the two values are those of a map that holds quantities.
bool equivalent(const Json& desired, const Json& live, bool quantities = false);

// Whether `value`, found under `key` in a map (itself a map of quantities
// when `parent_quantities`), holds quantities: the one rule for where two
// strings compare by value, shared by equivalent() and differing_paths().
bool child_holds_quantities(const std::string& key, const Json& value, bool parent_quantities);

// A Kubernetes resource quantity as a number, or nullopt if `text` is not one.
std::optional<long double> parse_quantity(const std::string& text);

// A Secret as the server stores it: stringData folded into base64 data.
Json fold_string_data(const Json& secret);

// Both sides of a diff without nulls and empty values, and with every Secret
// value replaced by a mask that only shows whether the two sides differ.
struct DisplayPair {
  Json live;
  Json desired;
};
DisplayPair display_pair(const Json& live, const Json& desired);

// One object alone, cleaned and masked, for "missing" and "extra" diffs.
Json display_object(const Json& object);

}  // namespace kgitops
