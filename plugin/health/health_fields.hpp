#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/object.hpp"
#include "core/text.hpp"

// Readers of nested fields for the health rules. Live objects come from many
// API versions and controllers, so none of these throws: a missing or
// mistyped field reads as absent.
namespace kgitops::health {

using FieldPath = std::initializer_list<std::string_view>;

// The value at `path` inside `object` (e.g. {"status", "replicas"}), or nullptr.
const Json* field_at(const Json& object, FieldPath path);
// The integer at `path`, or nullopt when absent or not an integer.
std::optional<std::int64_t> int_at(const Json& object, FieldPath path);
// The integer at `path`, or `fallback`.
std::int64_t int_at_or(const Json& object, FieldPath path, std::int64_t fallback);
// The string at `path`, or "" when absent or not a string.
std::string string_at(const Json& object, FieldPath path);
// The boolean at `path`, or false when absent or not a boolean.
bool bool_at(const Json& object, FieldPath path);

// One entry of `status.conditions`, the shape every API uses.
struct Condition {
  std::string type;
  std::string status;  // "True", "False" or "Unknown"
  std::string reason;
  std::string message;
  std::optional<std::int64_t> observed_generation;

  bool is_true() const { return status == "True"; }
  bool is_false() const { return status == "False"; }
};

// Every well-formed entry of `status.conditions` of `object`, in order.
std::vector<Condition> conditions_of(const Json& object);
// The condition of `type` in `status.conditions`, if any.
std::optional<Condition> condition_of(const Json& object, std::string_view type);
// "Reason: message", or whichever of the two is set.
std::string describe(const Condition& condition);

// The ip (or else hostname) of each entry of `status.loadBalancer.ingress`,
// where Services of type LoadBalancer and Ingresses get their addresses.
std::vector<std::string> load_balancer_addresses(const Json& object);

// `text` in double quotes, as kubectl names objects in its messages.
std::string in_quotes(std::string_view text);

}  // namespace kgitops::health
