#include "engine/desired.hpp"

#include <charconv>
#include <map>

#include "core/constants.hpp"
#include "core/sha256.hpp"
#include "engine/inventory.hpp"

namespace kgitops {

std::string manifest_hash(const Json& object) {
  return sha256_hex(object.dump()).substr(0, 32);
}

namespace {

// Where an error about `manifest` is: its file, line and object.
ErrorLocation location_of(const Manifest& manifest) {
  return {manifest.source.file, manifest.source.line, to_string(key_of(manifest.object))};
}

// Our wave; Argo CD's when ours is absent, so a repository moved over from
// Argo CD keeps its order.
Result<int> wave_of(const Manifest& manifest) {
  auto key = keys::k_sync_wave_annotation;
  auto value = annotation_of(manifest.object, key);
  if (!value) {
    key = keys::k_argo_sync_wave_annotation;
    value = annotation_of(manifest.object, key);
  }
  if (!value) {
    return 0;
  }
  int wave = 0;
  const auto* end = value->data() + value->size();
  const auto [ptr, ec] = std::from_chars(value->data(), end, wave);
  if (ec != std::errc{} || ptr != end) {
    return fail_at(location_of(manifest), "annotation ", key, " must be an integer, not '", *value,
                   "'");
  }
  return wave;
}

}  // namespace

Result<std::vector<DesiredObject>> prepare_desired(const std::vector<Manifest>& manifests,
                                                   const Scope& scope, const AppSpec& app) {
  const auto namespace_default = app.default_namespace.empty() ? "default" : app.default_namespace;
  const auto applyset = applyset_id(app.name);
  std::vector<DesiredObject> desired;
  std::map<ResourceKey, SourceLocation> seen;
  for (const auto& manifest : manifests) {
    DesiredObject item;
    item.object = manifest.object;
    item.source = manifest.source;
    const auto group = group_of(api_version_of(item.object));
    const auto kind = kind_of(item.object);
    const auto resource = scope.find(group, kind);
    if (!resource && !scope.allows_unknown_kinds()) {
      return fail_at(location_of(manifest), "kind ", kind,
                     group.empty() ? "" : " of group " + group,
                     " is not served by the cluster and no CustomResourceDefinition in the "
                     "repository declares it");
    }
    // Offline, an unknown kind keeps its namespace as written: whether it is
    // namespaced is the cluster's to say. Its resource has no plural.
    item.resource = resource.value_or(ApiResource{group, "", kind, "", true});
    auto& metadata = item.object["metadata"];
    if (resource && resource->namespaced) {
      if (!metadata.contains("namespace") || !metadata["namespace"].is_string() ||
          metadata["namespace"].get<std::string>().empty()) {
        metadata["namespace"] = namespace_default;
      }
    } else if (resource) {
      metadata.erase("namespace");
    }
    // Status is the server's to write; a manifest's status is ignored by apply.
    item.object.erase("status");
    item.key = key_of(item.object);
    // A hook named by the server (generateName) is a new object each run.
    const bool unnamed = item.key.name.empty();
    if (const auto [found, inserted] = seen.emplace(item.key, manifest.source);
        !inserted && !unnamed) {
      return std::unexpected(Error{to_string(item.key) +
                                       " is declared twice: " + to_string(found->second) + " and " +
                                       to_string(manifest.source),
                                   ErrorKind::conflict, ErrorLocation{"", 0, to_string(item.key)}});
    }
    auto wave = wave_of(manifest);
    if (!wave) {
      return std::unexpected(wave.error());
    }
    item.wave = *wave;
    set_label(item.object, keys::k_app_label, app.name);
    set_label(item.object, keys::k_applyset_part_of_label, applyset);
    set_annotation(item.object, keys::k_tracking_annotation, tracking_id(app.name, item.key));
    set_annotation(item.object, keys::k_applied_hash_annotation, manifest_hash(item.object));
    desired.push_back(std::move(item));
  }
  return desired;
}

}  // namespace kgitops
