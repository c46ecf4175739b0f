#include "output/document.hpp"

#include <string>
#include <utility>

namespace kgitops {

Json versioned(std::string_view kind, Json body) {
  body["apiVersion"] = std::string(k_output_api_version);
  body["kind"] = std::string(kind);
  return body;
}

Json object_fields(const ResourceKey& key) {
  return {{"group", key.group}, {"kind", key.kind}, {"namespace", key.ns}, {"name", key.name}};
}

Json object_entry(const ResourceKey& key, Json fields) {
  auto entry = object_fields(key);
  entry.update(std::move(fields));
  return entry;
}

}  // namespace kgitops
