#include "render/manifest_check.hpp"

#include "core/constants.hpp"
#include "core/object.hpp"

namespace kgitops {
namespace {

bool has_string(const Json& object, const char* field) {
  const auto found = object.find(field);
  return found != object.end() && found->is_string() && !found->get<std::string>().empty();
}

// The API server decodes metadata into typed fields: `labels: [a]` or a
// number as a label value fail there, after other objects were applied, and
// would trip up the readers of labels here. They are refused up front.
Result<void> check_metadata(const Json& value, const ErrorLocation& where) {
  const auto metadata = value.find("metadata");
  if (metadata == value.end() || metadata->is_null()) {
    return {};
  }
  if (!metadata->is_object()) {
    return fail_at(where, "metadata must be a map, not ", metadata->type_name());
  }
  for (const char* field : {"name", "namespace", "generateName"}) {
    const auto found = metadata->find(field);
    if (found != metadata->end() && !found->is_null() && !found->is_string()) {
      return fail_at(where, "metadata.", field, " must be a string, not ", found->type_name());
    }
  }
  for (const char* field : {"labels", "annotations"}) {
    const auto map = metadata->find(field);
    if (map == metadata->end() || map->is_null()) {
      continue;
    }
    if (!map->is_object()) {
      return fail_at(where, "metadata.", field, " must be a map of strings, not ",
                     map->type_name());
    }
    for (const auto& [key, item] : map->items()) {
      if (!item.is_string()) {
        return fail_at(where, "metadata.", field, ".", key, " must be a string, not ",
                       item.type_name(), " (quote it)");
      }
    }
  }
  return {};
}

// A sync hook may leave its name to the server (metadata.generateName): each
// run is a new object. Any other object needs a name to be tracked.
bool named_by_server(const Json& value) {
  const auto metadata = value.find("metadata");
  if (metadata == value.end() || !metadata->is_object()) {
    return false;
  }
  const auto generate = metadata->find("generateName");
  const bool hook = annotation_of(value, keys::k_hook_annotation) ||
                    annotation_of(value, keys::k_argo_hook_annotation) ||
                    annotation_of(value, keys::k_helm_hook_annotation);
  return hook && generate != metadata->end() && generate->is_string() &&
         !generate->get<std::string>().empty();
}

}  // namespace

Result<void> add_manifest(const Json& value, const SourceLocation& source,
                          std::vector<Manifest>& manifests) {
  const ErrorLocation where{source.file, source.line, {}};
  if (!value.is_object()) {
    return fail_at(where, "document is not a map but ", value.type_name());
  }
  if (kind_of(value) == "List") {
    const auto items = value.find("items");
    if (items == value.end() || items->is_null()) {
      return {};
    }
    if (!items->is_array()) {
      return fail_at(where, "List has no items array");
    }
    for (const auto& item : *items) {
      if (auto added = add_manifest(item, source, manifests); !added) {
        return added;
      }
    }
    return {};
  }
  if (auto checked = check_metadata(value, where); !checked) {
    return checked;
  }
  if (!has_string(value, "apiVersion")) {
    return fail_at(where, "object has no apiVersion");
  }
  if (!has_string(value, "kind")) {
    return fail_at(where, "object has no kind");
  }
  if (name_of(value).empty() && !named_by_server(value)) {
    return fail_at(where, "object has no metadata.name");
  }
  manifests.push_back({value, source});
  return {};
}

}  // namespace kgitops
