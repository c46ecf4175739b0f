#include "engine/field_projection.hpp"

namespace kgitops {
namespace {

const Json* child(const Json* owned, const std::string& key) {
  if (owned == nullptr || !owned->is_object()) {
    return nullptr;
  }
  const auto found = owned->find(key);
  return found == owned->end() ? nullptr : &*found;
}

// A fieldsV1 node that names no children stands for the whole value.
bool owns_whole_value(const Json* owned) {
  if (owned == nullptr || !owned->is_object()) {
    return true;
  }
  for (const auto& [key, value] : owned->items()) {
    if (key != ".") {
      return false;
    }
  }
  return true;
}

// Elements of a list of objects pair up by `name` when they have one (the
// merge key of containers, env, volumes, ports), else by position.
const Json* matching_element(const Json& live_list, const Json& element, std::size_t index) {
  if (element.is_object() && element.contains("name")) {
    for (const auto& candidate : live_list) {
      if (candidate.is_object() && candidate.value("name", Json()) == element["name"]) {
        return &candidate;
      }
    }
    return nullptr;
  }
  return index < live_list.size() ? &live_list[index] : nullptr;
}

// fieldsV1 names a list element by its key fields: `k:{"name":"web"}`.
const Json* owned_element(const Json* owned, const Json& live_element) {
  if (owned == nullptr || !owned->is_object() || !live_element.is_object()) {
    return nullptr;
  }
  for (const auto& [key, value] : owned->items()) {
    if (!key.starts_with("k:")) {
      continue;
    }
    const Json element_key = Json::parse(key.substr(2), nullptr, false);
    if (!element_key.is_object()) {
      continue;
    }
    bool matches = true;
    for (const auto& [field, expected] : element_key.items()) {
      if (live_element.value(field, Json()) != expected) {
        matches = false;
        break;
      }
    }
    if (matches) {
      return &value;
    }
  }
  return nullptr;
}

Json project(const Json& live, const Json* desired, const Json* owned);

Json project_object(const Json& live, const Json* desired, const Json* owned) {
  Json result = Json::object();
  if (desired != nullptr && desired->is_object()) {
    for (const auto& [key, value] : desired->items()) {
      const auto found = live.find(key);
      if (found != live.end()) {
        result[key] = project(*found, &value, child(owned, "f:" + key));
      }
    }
  }
  if (owned != nullptr && owned->is_object()) {
    for (const auto& [key, value] : owned->items()) {
      if (!key.starts_with("f:")) {
        continue;
      }
      const auto field = key.substr(2);
      if (result.contains(field)) {
        continue;
      }
      const auto found = live.find(field);
      if (found != live.end()) {
        result[field] = project(*found, nullptr, &value);
      }
    }
  }
  return result;
}

Json project_list(const Json& live, const Json* desired, const Json* owned) {
  const bool of_objects =
      desired != nullptr && desired->is_array() && !desired->empty() && (*desired)[0].is_object();
  if (!of_objects && (desired == nullptr || !desired->is_array())) {
    // Only owned: keep the elements fieldsV1 names, or the whole list if atomic.
    if (owns_whole_value(owned)) {
      return live;
    }
    Json result = Json::array();
    for (const auto& element : live) {
      if (const auto* element_owned = owned_element(owned, element)) {
        result.push_back(project(element, nullptr, element_owned));
      }
    }
    return result;
  }
  if (!of_objects) {
    return live;  // a list of scalars is compared whole
  }
  Json result = Json::array();
  for (std::size_t i = 0; i < desired->size(); ++i) {
    const auto& element = (*desired)[i];
    if (const auto* match = matching_element(live, element, i)) {
      result.push_back(project(*match, &element, owned_element(owned, *match)));
    }
  }
  // Elements we applied before that git no longer declares.
  for (const auto& element : live) {
    if (!element.is_object() || !element.contains("name")) {
      continue;
    }
    bool declared = false;
    for (const auto& wanted : *desired) {
      declared =
          declared || (wanted.is_object() && wanted.value("name", Json()) == element["name"]);
    }
    if (!declared) {
      if (const auto* element_owned = owned_element(owned, element)) {
        result.push_back(project(element, nullptr, element_owned));
      }
    }
  }
  return result;
}

Json project(const Json& live, const Json* desired, const Json* owned) {
  if (live.is_object()) {
    if (desired == nullptr && owns_whole_value(owned)) {
      return live;
    }
    return project_object(live, desired, owned);
  }
  if (live.is_array()) {
    return project_list(live, desired, owned);
  }
  return live;
}

}  // namespace

std::optional<Json> owned_fields(const Json& live, std::string_view manager) {
  const auto metadata = live.find("metadata");
  if (metadata == live.end() || !metadata->contains("managedFields")) {
    return std::nullopt;
  }
  for (const auto& entry : (*metadata)["managedFields"]) {
    if (entry.value("manager", "") == manager && entry.value("operation", "") == "Apply" &&
        !entry.contains("subresource") && entry.contains("fieldsV1")) {
      return entry["fieldsV1"];
    }
  }
  return std::nullopt;
}

Json project_live(const Json& live, const Json& desired, const Json* owned) {
  return project(live, &desired, owned);
}

}  // namespace kgitops
