#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/object.hpp"

namespace kgitops {

// The fields an apply error says may not change, as the API server names
// them ("spec.template", "spec.selector", "spec.clusterIPs[0]", "spec" for a
// StatefulSet), in order and without repeats; empty when the error is about
// something else.
std::vector<std::string> immutable_fields(std::string_view apply_error);

// Whether the object opts in to being deleted and created again when a
// change touches an immutable field: our force annotation "enabled", Argo
// CD's sync option Replace=true or Force=true, or Flux's force "enabled".
bool replace_allowed(const Json& object);

// "spec.template is immutable", "spec.selector, spec.template are immutable".
std::string immutable_summary(const std::vector<std::string>& fields);

// Why an object that did not opt in cannot be applied: the fields, and the
// annotation that would let the sync replace it.
std::string immutable_error(const std::vector<std::string>& fields);

}  // namespace kgitops
