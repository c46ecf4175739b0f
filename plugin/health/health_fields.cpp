#include "health/health_fields.hpp"

namespace kgitops::health {

const Json* field_at(const Json& object, FieldPath path) {
  const Json* current = &object;
  for (const auto step : path) {
    if (!current->is_object()) {
      return nullptr;
    }
    const auto found = current->find(std::string(step));
    if (found == current->end()) {
      return nullptr;
    }
    current = &*found;
  }
  return current;
}

std::optional<std::int64_t> int_at(const Json& object, FieldPath path) {
  const Json* value = field_at(object, path);
  if (value == nullptr || !value->is_number_integer()) {
    return std::nullopt;
  }
  return value->get<std::int64_t>();
}

std::int64_t int_at_or(const Json& object, FieldPath path, std::int64_t fallback) {
  return int_at(object, path).value_or(fallback);
}

std::string string_at(const Json& object, FieldPath path) {
  const Json* value = field_at(object, path);
  return value != nullptr && value->is_string() ? value->get<std::string>() : std::string{};
}

bool bool_at(const Json& object, FieldPath path) {
  const Json* value = field_at(object, path);
  return value != nullptr && value->is_boolean() && value->get<bool>();
}

std::vector<Condition> conditions_of(const Json& object) {
  std::vector<Condition> conditions;
  const Json* list = field_at(object, {"status", "conditions"});
  if (list == nullptr || !list->is_array()) {
    return conditions;
  }
  for (const auto& entry : *list) {
    if (!entry.is_object()) {
      continue;
    }
    Condition condition{string_at(entry, {"type"}), string_at(entry, {"status"}),
                        string_at(entry, {"reason"}), string_at(entry, {"message"}),
                        int_at(entry, {"observedGeneration"})};
    if (!condition.type.empty()) {
      conditions.push_back(std::move(condition));
    }
  }
  return conditions;
}

std::optional<Condition> condition_of(const Json& object, std::string_view type) {
  for (auto& condition : conditions_of(object)) {
    if (condition.type == type) {
      return condition;
    }
  }
  return std::nullopt;
}

std::string describe(const Condition& condition) {
  if (condition.reason.empty()) {
    return condition.message;
  }
  if (condition.message.empty()) {
    return condition.reason;
  }
  return condition.reason + ": " + condition.message;
}

std::vector<std::string> load_balancer_addresses(const Json& object) {
  std::vector<std::string> addresses;
  const Json* ingress = field_at(object, {"status", "loadBalancer", "ingress"});
  if (ingress == nullptr || !ingress->is_array()) {
    return addresses;
  }
  for (const auto& entry : *ingress) {
    const std::string ip = string_at(entry, {"ip"});
    addresses.push_back(ip.empty() ? string_at(entry, {"hostname"}) : ip);
  }
  return addresses;
}

std::string in_quotes(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

}  // namespace kgitops::health
