#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/object.hpp"
#include "render/helm_values.hpp"
#include "render/tree_file.hpp"

namespace kgitops {

// One object as git declares it, and where.
struct Manifest {
  Json object;
  SourceLocation source;
};

class ParseCache;

struct RenderOptions {
  std::filesystem::path root;       // the repository's files (a Checkout's root)
  std::string path;                 // folder inside the repository; empty or "." for all
  std::string kubectl = "kubectl";  // used for `kubectl kustomize`
  // Hosts kustomize may fetch remote bases from ("host" or "host:port"); by
  // default none, and kustomize reads only the repository.
  std::vector<std::string> kustomize_allow_hosts = {};
  // Helm charts: the release (the app's name), its namespace, and the values
  // given besides the chart's own; helm is looked up on PATH unless a path.
  std::string release = "release";
  std::string ns = "default";
  HelmValues helm_values = {};
  std::string helm = "helm";
  // Instead of `root`: a plain folder's files, read from git's tree (no
  // kustomization, chart or link in it; see Checkout), parsed through
  // `parse_cache` when one is given.
  const std::vector<TreeFile>* tree_files = nullptr;
  ParseCache* parse_cache = nullptr;
};

// Reads every *.yaml, *.yml and *.json under `options.path`, recursively and
// multi-document; a folder with a kustomization file is built with
// `kubectl kustomize` instead of read file by file, after its kustomizations
// are checked (check_kustomization: nothing remote, nothing outside); a
// folder with a Chart.yaml is rendered with `helm template` (render_chart),
// after the chart is checked (check_chart). Every
// folder is read once. Refuses paths and links that leave the repository,
// YAML alias bombs and absurd nesting, malformed documents, text that is not
// UTF-8 (naming file and line), objects missing apiVersion, kind or
// metadata.name, and metadata whose labels or annotations are not maps of
// strings. Does not default namespaces: that needs to know which kinds
// are namespaced (see engine/scope.hpp).
Result<std::vector<Manifest>> render(const RenderOptions& options);

}  // namespace kgitops
