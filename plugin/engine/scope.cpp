#include "engine/scope.hpp"

#include <algorithm>
#include <cctype>
#include <mutex>

#include "cluster/builtin_kinds.hpp"

namespace kgitops {

namespace {

bool same_resource(const ApiResource& a, const ApiResource& b) {
  return a.group == b.group && a.version == b.version && a.kind == b.kind &&
         a.resource == b.resource && a.namespaced == b.namespaced && a.listable == b.listable;
}

}  // namespace

std::shared_ptr<const Scope::KnownKinds> Scope::known_kinds(
    const std::vector<ApiResource>& discovered) {
  static std::mutex mutex;
  static std::vector<ApiResource> last_answer;
  static std::shared_ptr<const KnownKinds> last_index;
  std::lock_guard lock(mutex);
  if (last_index && std::ranges::equal(discovered, last_answer, same_resource)) {
    return last_index;
  }
  auto index = std::make_shared<KnownKinds>();
  for (const auto& resource : discovered) {
    // api-resources lists a kind once per served group; the first is preferred.
    index->resources.emplace(KindId{resource.group, resource.kind}, resource);
    index->served.emplace(resource.group, resource.kind);
  }
  last_answer = discovered;
  last_index = std::move(index);
  return last_index;
}

std::shared_ptr<const Scope::KnownKinds> Scope::builtin_known_kinds() {
  static const auto index = [] {
    auto built = std::make_shared<KnownKinds>();
    for (const auto& resource : builtin_kinds()) {
      built->resources.emplace(KindId{resource.group, resource.kind}, resource);
    }
    return built;
  }();
  return index;
}

Scope::Scope(const std::vector<Manifest>& manifests, UnknownKinds unknown_kinds)
    : m_known(builtin_known_kinds()), m_unknown_kinds(unknown_kinds) {
  add_crds(manifests);
}

Scope::Scope(const std::vector<ApiResource>& discovered, const std::vector<Manifest>& manifests)
    : m_known(known_kinds(discovered)) {
  add_crds(manifests);
}

bool Scope::served(const std::string& group, const std::string& kind) const {
  return m_known->served.contains({group, kind});
}

std::vector<ApiResource> Scope::listable() const {
  std::vector<ApiResource> kinds;
  for (const auto& [id, resource] : m_known->resources) {
    if (resource.listable && resource.kind != "Event" && served(id.first, id.second)) {
      kinds.push_back(resource);
    }
  }
  return kinds;
}

namespace {

// `object[key]` when `object` is a map holding a string there, else `fallback`:
// a CRD from git is untrusted input, its fields of any type.
std::string text_field(const Json& object, const char* key, const std::string& fallback = "") {
  if (!object.is_object()) {
    return fallback;
  }
  const auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : fallback;
}

}  // namespace

void Scope::add_crds(const std::vector<Manifest>& manifests) {
  for (const auto& manifest : manifests) {
    const auto& object = manifest.object;
    if (kind_of(object) != "CustomResourceDefinition" || !object.contains("spec")) {
      continue;
    }
    const auto& spec = object["spec"];
    if (!spec.is_object()) {
      continue;
    }
    ApiResource resource;
    resource.group = text_field(spec, "group");
    const Json names = spec.contains("names") ? spec["names"] : Json();
    resource.kind = text_field(names, "kind");
    resource.resource = text_field(names, "plural");
    resource.namespaced = text_field(spec, "scope", "Namespaced") != "Cluster";
    if (spec.contains("versions") && spec["versions"].is_array()) {
      for (const auto& version : spec["versions"]) {
        const auto storage = version.is_object() ? version.find("storage") : version.end();
        const bool stored = version.is_object() && storage != version.end() &&
                            storage->is_boolean() && storage->get<bool>();
        if (stored || resource.version.empty()) {
          resource.version = text_field(version, "name");
        }
      }
    }
    const KindId id{resource.group, resource.kind};
    if (!resource.kind.empty() && !resource.resource.empty() && !m_known->resources.contains(id)) {
      m_declared.emplace(id, resource);
    }
  }
}

std::optional<ApiResource> Scope::find(const std::string& group, const std::string& kind) const {
  const KindId id{group, kind};
  if (const auto known = m_known->resources.find(id); known != m_known->resources.end()) {
    return known->second;
  }
  if (const auto declared = m_declared.find(id); declared != m_declared.end()) {
    return declared->second;
  }
  return std::nullopt;
}

}  // namespace kgitops
