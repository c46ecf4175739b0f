#include "core/resource_key.hpp"

namespace kgitops {

std::string to_string(const ResourceKey& key) {
  std::string text = key.group.empty() ? key.kind : key.kind + "." + key.group;
  text += " ";
  if (!key.ns.empty()) {
    text += key.ns + "/";
  }
  return text + key.name;
}

std::string tracking_id(const std::string& app, const ResourceKey& key) {
  return app + ":" + key.group + "/" + key.kind + ":" + key.ns + "/" + key.name;
}

std::string group_of(const std::string& api_version) {
  const auto slash = api_version.find('/');
  return slash == std::string::npos ? std::string{} : api_version.substr(0, slash);
}

std::string group_kind(const ResourceKey& key) {
  return key.group.empty() ? key.kind : key.kind + "." + key.group;
}

}  // namespace kgitops
