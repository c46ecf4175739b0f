#pragma once

#include <string>
#include <vector>

#include "engine/reach.hpp"
#include "git/git_source.hpp"
#include "render/helm_values.hpp"

namespace kgitops {

// One app: a folder of a repository at a revision, synced into a cluster.
struct AppSpec {
  std::string name;               // the app's name, in labels and the inventory
  SourceSpec source;              // repository and revision
  std::string path;               // folder inside the repository
  std::string default_namespace;  // for namespaced objects that name none
  // Field managers whose fields are left to them, in diff and in sync (the
  // HPA's spec.replicas): what they own is dropped from what git declares.
  std::vector<std::string> ignore_managers;
  // Hosts kustomize may fetch remote bases from; none by default.
  std::vector<std::string> kustomize_allow_hosts = {};
  // The values a Helm chart of the app is rendered with, besides its own.
  HelmValues helm = {};
  // The namespaces and kinds it may write, and as whom; unrestricted by default.
  Reach reach = {};
};

// The app name used when --app is not given: the repository's base name,
// plus the path's folders, as a DNS label, plus a short hash of the
// repository's identity, so that two repositories of the same name never
// share an app ("shop" + "deploy/prod" -> "shop-deploy-prod-3fa9c1").
std::string derive_app_name(const std::string& repo, const std::string& path);

// `repo` as the app records it: a local path made absolute and normal, so
// that the same repository is the same source from any folder; URLs as given.
std::string absolute_repo(const std::string& repo);

// An app name must be usable as a label value and in a ConfigMap name.
Result<void> validate_app_name(const std::string& name);

}  // namespace kgitops
