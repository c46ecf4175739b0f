#include "core/object.hpp"

namespace kgitops {
namespace {

std::string string_at(const Json& object, const char* field) {
  const auto found = object.find(field);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string{};
}

const Json* metadata_map(const Json& object, const char* field) {
  if (!object.is_object()) {
    return nullptr;
  }
  const auto metadata = object.find("metadata");
  if (metadata == object.end() || !metadata->is_object()) {
    return nullptr;
  }
  const auto map = metadata->find(field);
  return map != metadata->end() && map->is_object() ? &*map : nullptr;
}

std::optional<std::string> entry_of(const Json* map, std::string_view key) {
  if (map == nullptr) {
    return std::nullopt;
  }
  const auto found = map->find(std::string(key));
  if (found == map->end() || !found->is_string()) {
    return std::nullopt;
  }
  return found->get<std::string>();
}

std::map<std::string, std::string> entries_of(const Json* map) {
  std::map<std::string, std::string> entries;
  if (map != nullptr) {
    for (const auto& [key, value] : map->items()) {
      if (value.is_string()) {
        entries.emplace(key, value.get<std::string>());
      }
    }
  }
  return entries;
}

std::string metadata_string(const Json& object, const char* field) {
  if (!object.is_object()) {
    return {};
  }
  const auto metadata = object.find("metadata");
  return metadata != object.end() && metadata->is_object() ? string_at(*metadata, field)
                                                           : std::string{};
}

}  // namespace

std::string api_version_of(const Json& object) {
  return object.is_object() ? string_at(object, "apiVersion") : std::string{};
}
std::string kind_of(const Json& object) {
  return object.is_object() ? string_at(object, "kind") : std::string{};
}
std::string name_of(const Json& object) {
  return metadata_string(object, "name");
}
std::string namespace_of(const Json& object) {
  return metadata_string(object, "namespace");
}

ResourceKey key_of(const Json& object) {
  return ResourceKey{group_of(api_version_of(object)), kind_of(object), namespace_of(object),
                     name_of(object)};
}

std::optional<std::string> label_of(const Json& object, std::string_view key) {
  return entry_of(metadata_map(object, "labels"), key);
}
std::optional<std::string> annotation_of(const Json& object, std::string_view key) {
  return entry_of(metadata_map(object, "annotations"), key);
}
std::map<std::string, std::string> labels_of(const Json& object) {
  return entries_of(metadata_map(object, "labels"));
}
std::map<std::string, std::string> annotations_of(const Json& object) {
  return entries_of(metadata_map(object, "annotations"));
}

void set_label(Json& object, std::string_view key, const std::string& value) {
  object["metadata"]["labels"][std::string(key)] = value;
}
void set_annotation(Json& object, std::string_view key, const std::string& value) {
  object["metadata"]["annotations"][std::string(key)] = value;
}

std::string to_string(const SourceLocation& location) {
  return location.line > 0 ? location.file + ":" + std::to_string(location.line) : location.file;
}

}  // namespace kgitops
