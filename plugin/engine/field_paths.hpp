#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/object.hpp"

namespace kgitops {

// One step into an object: a field, or a list element named by its key
// fields (`{"name":"web"}`, as managedFields names it) or by position.
struct PathStep {
  std::string field;
  std::optional<Json> element_key;
  std::optional<std::size_t> index;
};
using FieldPath = std::vector<PathStep>;

// "spec.template.spec.containers[name=web].image"
std::string to_string(const FieldPath& path);

// The leaf paths where `desired` and `live` differ (values compared as
// compare.hpp does), including fields only one side has.
std::vector<FieldPath> differing_paths(const Json& desired, const Json& live);

// Whether a managedFields `fieldsV1` set names `path` or one of its parents
// as a whole value.
bool fields_contain(const Json& fields_v1, const FieldPath& path);

// Removes from `object` every field that `fields_v1` names.
void remove_fields(Json& object, const Json& fields_v1);

// Who last set `path` in `live`, from managedFields: the manager, operation,
// subresource and time of the entry that owns it.
struct FieldOwner {
  std::string manager;
  std::string operation;
  std::string subresource;
  std::string time;
};
// Entries of `except_manager` are passed over: a field git's apply still
// owns whose value changed was changed by nobody managedFields names.
std::optional<FieldOwner> owner_of(const Json& live, const FieldPath& path,
                                   std::string_view except_manager = {});

// `desired` without the fields that any of `managers` owns in `live`: those
// are left to them (the HPA's spec.replicas), in diff and in sync.
Json without_fields_of(const Json& desired, const Json& live,
                       const std::vector<std::string>& managers);

}  // namespace kgitops
