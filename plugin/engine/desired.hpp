#pragma once

#include <vector>

#include "engine/app.hpp"
#include "engine/scope.hpp"
#include "render/renderer.hpp"

namespace kgitops {

// An object as it will be applied: namespace defaulted, ownership marked.
struct DesiredObject {
  Json object;
  ResourceKey key;
  ApiResource resource;
  SourceLocation source;
  int wave = 0;
};

// Turns rendered manifests into what this app applies: defaults the namespace
// of namespaced kinds (and drops it from cluster-scoped ones, as kubectl
// does), refuses kinds nobody serves and objects declared twice once
// defaulted, and adds the app label, the ApplySet membership label, the
// tracking annotation and the hash of the manifest.
Result<std::vector<DesiredObject>> prepare_desired(const std::vector<Manifest>& manifests,
                                                   const Scope& scope, const AppSpec& app);

// The hash recorded on each applied object: of the manifest as git declares
// it, so a field removed from git shows up as a change.
std::string manifest_hash(const Json& object);

}  // namespace kgitops
