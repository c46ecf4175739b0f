#pragma once

#include <compare>
#include <string>

namespace kgitops {

// The identity of an object: how desired and live objects are paired.
// `group` is empty for the core API group; `ns` is empty for cluster-scoped kinds.
struct ResourceKey {
  std::string group;
  std::string kind;
  std::string ns;
  std::string name;

  auto operator<=>(const ResourceKey&) const = default;
};

// "apps/Deployment:web/frontend", "/Namespace:/web": readable and unique.
std::string to_string(const ResourceKey& key);
// `<app>:<group>/<Kind>:<namespace>/<name>`, the tracking annotation's value.
std::string tracking_id(const std::string& app, const ResourceKey& key);
// The group of an apiVersion: "apps/v1" -> "apps", "v1" -> "".
std::string group_of(const std::string& api_version);
// "Deployment.apps", "Namespace": the ApplySet group-kind form.
std::string group_kind(const ResourceKey& key);

}  // namespace kgitops
