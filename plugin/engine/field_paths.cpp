#include "engine/field_paths.hpp"

#include <algorithm>

#include "engine/compare.hpp"

namespace kgitops {
namespace {

bool element_matches(const Json& element, const Json& key) {
  if (!element.is_object() || !key.is_object()) {
    return false;
  }
  for (const auto& [field, value] : key.items()) {
    if (element.value(field, Json()) != value) {
      return false;
    }
  }
  return true;
}

// Objects in a list pair up by name (the usual merge key), else by position.
std::optional<Json> key_of_element(const Json& element) {
  if (element.is_object() && element.contains("name")) {
    return Json{{"name", element["name"]}};
  }
  return std::nullopt;
}

// `quantities`: desired and live are the values of a map of quantities.
void collect(const Json& desired, const Json& live, bool quantities, FieldPath& path,
             std::vector<FieldPath>& out) {
  if (desired.is_object() && live.is_object()) {
    std::vector<std::string> keys;
    for (const auto& [key, value] : desired.items()) {
      keys.push_back(key);
    }
    for (const auto& [key, value] : live.items()) {
      if (!desired.contains(key)) {
        keys.push_back(key);
      }
    }
    for (const auto& key : keys) {
      const Json a = desired.value(key, Json());
      const Json b = live.value(key, Json());
      const bool child_quantities = child_holds_quantities(key, a.is_null() ? b : a, quantities);
      if (equivalent(a, b, child_quantities)) {
        continue;
      }
      path.push_back({key, std::nullopt, std::nullopt});
      collect(a, b, child_quantities, path, out);
      path.pop_back();
    }
    return;
  }
  if (desired.is_array() && live.is_array() && !desired.empty() && desired[0].is_object() &&
      key_of_element(desired[0])) {
    for (const auto& element : desired) {
      const auto key = key_of_element(element);
      const auto match = std::find_if(live.begin(), live.end(), [&](const Json& candidate) {
        return key && element_matches(candidate, *key);
      });
      const Json other = match != live.end() ? *match : Json();
      if (equivalent(element, other)) {
        continue;
      }
      path.push_back({"", key, std::nullopt});
      collect(element, other, false, path, out);
      path.pop_back();
    }
    for (const auto& element : live) {
      const auto key = key_of_element(element);
      const bool declared = std::any_of(desired.begin(), desired.end(), [&](const Json& wanted) {
        return key && element_matches(wanted, *key);
      });
      if (!declared && key) {
        path.push_back({"", key, std::nullopt});
        out.push_back(path);
        path.pop_back();
      }
    }
    return;
  }
  out.push_back(path);
}

const Json* step_into(const Json& fields, const PathStep& step) {
  if (!fields.is_object()) {
    return nullptr;
  }
  if (step.element_key) {
    for (const auto& [key, value] : fields.items()) {
      if (key.starts_with("k:")) {
        const Json parsed = Json::parse(key.substr(2), nullptr, false);
        if (parsed.is_object() && element_matches(parsed, *step.element_key)) {
          return &value;
        }
      }
    }
    return nullptr;
  }
  if (step.index) {
    const auto found = fields.find("i:" + std::to_string(*step.index));
    return found == fields.end() ? nullptr : &*found;
  }
  const auto found = fields.find("f:" + step.field);
  return found == fields.end() ? nullptr : &*found;
}

bool names_whole_value(const Json& fields) {
  return !fields.is_object() || fields.empty() || (fields.size() == 1 && fields.contains("."));
}

}  // namespace

std::string to_string(const FieldPath& path) {
  std::string text;
  for (const auto& step : path) {
    if (step.element_key) {
      std::string key;
      for (const auto& [field, value] : step.element_key->items()) {
        key += (key.empty() ? "" : ",") + field + "=" +
               (value.is_string() ? value.get<std::string>() : value.dump());
      }
      text += "[" + key + "]";
    } else if (step.index) {
      text += "[" + std::to_string(*step.index) + "]";
    } else {
      text += (text.empty() ? "" : ".") + step.field;
    }
  }
  return text;
}

std::vector<FieldPath> differing_paths(const Json& desired, const Json& live) {
  std::vector<FieldPath> out;
  FieldPath path;
  if (!equivalent(desired, live)) {
    collect(desired, live, false, path, out);
  }
  return out;
}

bool fields_contain(const Json& fields_v1, const FieldPath& path) {
  const Json* node = &fields_v1;
  for (const auto& step : path) {
    node = step_into(*node, step);
    if (node == nullptr) {
      return false;
    }
    if (names_whole_value(*node)) {
      return true;
    }
  }
  return true;
}

void remove_fields(Json& object, const Json& fields_v1) {
  if (!object.is_object() || !fields_v1.is_object()) {
    return;
  }
  for (const auto& [key, value] : fields_v1.items()) {
    if (key.starts_with("f:")) {
      const auto field = key.substr(2);
      if (!object.contains(field)) {
        continue;
      }
      if (names_whole_value(value)) {
        object.erase(field);
        continue;
      }
      auto& child = object[field];
      if (child.is_object()) {
        remove_fields(child, value);
      } else if (child.is_array()) {
        for (const auto& [element_key, element_fields] : value.items()) {
          if (!element_key.starts_with("k:")) {
            continue;
          }
          const Json parsed = Json::parse(element_key.substr(2), nullptr, false);
          for (auto& element : child) {
            if (element_matches(element, parsed)) {
              remove_fields(element, element_fields);
            }
          }
        }
      }
    }
  }
}

std::optional<FieldOwner> owner_of(const Json& live, const FieldPath& path,
                                   std::string_view except_manager) {
  if (!live.contains("metadata") || !live["metadata"].contains("managedFields")) {
    return std::nullopt;
  }
  std::optional<FieldOwner> owner;
  for (const auto& entry : live["metadata"]["managedFields"]) {
    if (!entry.contains("fieldsV1") || !fields_contain(entry["fieldsV1"], path) ||
        (!except_manager.empty() && entry.value("manager", "") == except_manager)) {
      continue;
    }
    FieldOwner candidate{entry.value("manager", ""), entry.value("operation", ""),
                         entry.value("subresource", ""), entry.value("time", "")};
    // Several managers may share a field; the latest change tells who changed it.
    if (!owner || candidate.time >= owner->time) {
      owner = candidate;
    }
  }
  return owner;
}

Json without_fields_of(const Json& desired, const Json& live,
                       const std::vector<std::string>& managers) {
  if (managers.empty() || !live.contains("metadata") ||
      !live["metadata"].contains("managedFields")) {
    return desired;
  }
  Json result = desired;
  for (const auto& entry : live["metadata"]["managedFields"]) {
    const auto manager = entry.value("manager", "");
    if (std::find(managers.begin(), managers.end(), manager) != managers.end() &&
        entry.contains("fieldsV1")) {
      remove_fields(result, entry["fieldsV1"]);
    }
  }
  return result;
}

}  // namespace kgitops
