#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/object.hpp"

namespace kgitops {

// One object as git declares it, and where.
struct Manifest {
  Json object;
  SourceLocation source;
};

struct RenderOptions {
  std::filesystem::path root;       // the repository's files (a Checkout's root)
  std::string path;                 // folder inside the repository; empty or "." for all
  std::string kubectl = "kubectl";  // used for `kubectl kustomize`
};

// Reads every *.yaml, *.yml and *.json under `options.path`, recursively and
// multi-document; a folder with a kustomization file is built with
// `kubectl kustomize` instead of read file by file. Refuses paths and links
// that leave the repository, YAML alias bombs and absurd nesting, malformed
// documents (naming file and line) and objects missing apiVersion, kind or
// metadata.name. Does not default namespaces: that needs to know which kinds
// are namespaced (see engine/scope.hpp).
Result<std::vector<Manifest>> render(const RenderOptions& options);

}  // namespace kgitops
