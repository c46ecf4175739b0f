#pragma once

#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/resource_key.hpp"

namespace kgitops {

using Json = nlohmann::json;

// Readers for the fields every Kubernetes object has. They never throw: a
// missing or mistyped field reads as empty.
std::string api_version_of(const Json& object);
std::string kind_of(const Json& object);
std::string name_of(const Json& object);
std::string namespace_of(const Json& object);
ResourceKey key_of(const Json& object);
std::optional<std::string> label_of(const Json& object, std::string_view key);
std::optional<std::string> annotation_of(const Json& object, std::string_view key);
std::map<std::string, std::string> labels_of(const Json& object);
std::map<std::string, std::string> annotations_of(const Json& object);

void set_label(Json& object, std::string_view key, const std::string& value);
void set_annotation(Json& object, std::string_view key, const std::string& value);

// Where a desired object came from in the repository, for error messages.
struct SourceLocation {
  std::string file;  // relative to the repository root
  int line = 0;      // 1-based line of the document's start; 0 when unknown
};
std::string to_string(const SourceLocation& location);

}  // namespace kgitops
