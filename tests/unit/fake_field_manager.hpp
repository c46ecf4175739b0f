#pragma once

#include <string>

#include "core/constants.hpp"
#include "core/object.hpp"

namespace kgitops::testing {

// managedFields as server-side apply keeps them, for the fake cluster: the
// fields an apply sets are owned by its field manager (its entry replaced
// by each of its applies), and an apply with force takes every field it
// sets over from the other managers.

// The fieldsV1 set of what `value` holds: a map's fields, a list of named
// objects' elements by key (`k:{"name":"web"}`), anything else whole.
inline Json fields_v1_of(const Json& value) {
  Json fields = Json::object();
  if (value.is_object()) {
    for (const auto& [key, child] : value.items()) {
      fields["f:" + key] = fields_v1_of(child);
    }
    return fields;
  }
  if (value.is_array() && !value.empty() && value.front().is_object() &&
      value.front().contains("name")) {
    for (const auto& element : value) {
      auto element_fields = fields_v1_of(element);
      element_fields["."] = Json::object();
      fields["k:" + Json{{"name", element.value("name", Json())}}.dump()] = element_fields;
    }
  }
  return fields;
}

// What an apply of `manifest` sets: its fields less the object's identity.
inline Json applied_fields(const Json& manifest) {
  auto fields = fields_v1_of(manifest);
  for (const char* identity : {"f:apiVersion", "f:kind", "f:status"}) {
    fields.erase(identity);
  }
  if (fields.contains("f:metadata")) {
    for (const char* identity : {"f:name", "f:namespace", "f:uid", "f:resourceVersion"}) {
      fields["f:metadata"].erase(identity);
    }
  }
  return fields;
}

// `owned` without the fields `taken` names; false when nothing is left.
inline bool release_fields(Json& owned, const Json& taken) {
  for (const auto& [key, taken_child] : taken.items()) {
    const auto found = owned.find(key);
    if (found == owned.end() || key == ".") {
      continue;
    }
    const bool leaf = taken_child.empty() || found->empty();
    if (leaf || !release_fields(*found, taken_child)) {
      owned.erase(key);
    }
  }
  for (const auto& [key, child] : owned.items()) {
    if (key != ".") {
      return true;
    }
  }
  return false;
}

// Records in `live` an apply of `manifest` by `manager` with force, at `time`.
inline void record_apply(Json& live, const Json& previous_fields, const Json& manifest,
                         const std::string& manager, const std::string& time) {
  const auto fields = applied_fields(manifest);
  Json entries = Json::array();
  for (auto entry : previous_fields) {
    if (entry.value("manager", "") == manager && entry.value("operation", "") == "Apply") {
      continue;  // replaced by this apply
    }
    if (entry.contains("fieldsV1") && !release_fields(entry["fieldsV1"], fields)) {
      continue;  // every field it owned is taken over
    }
    entries.push_back(std::move(entry));
  }
  entries.push_back({{"manager", manager},
                     {"operation", "Apply"},
                     {"time", time},
                     {"fieldsType", "FieldsV1"},
                     {"fieldsV1", fields}});
  live["metadata"]["managedFields"] = std::move(entries);
}

// Records in `live` a write described by the managedFields `entry` (an
// Update, a scale, someone's edit): its fields leave every other manager.
inline void record_update(Json& live, const Json& entry) {
  Json entries = Json::array();
  for (auto other : live["metadata"].value("managedFields", Json::array())) {
    if (other.contains("fieldsV1") && entry.contains("fieldsV1") &&
        !release_fields(other["fieldsV1"], entry["fieldsV1"])) {
      continue;
    }
    entries.push_back(std::move(other));
  }
  entries.push_back(entry);
  live["metadata"]["managedFields"] = std::move(entries);
}

}  // namespace kgitops::testing
