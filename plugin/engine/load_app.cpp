#include "engine/load_app.hpp"

#include "render/renderer.hpp"

namespace kgitops {

Result<LoadedApp> load_app(GitSource& git, Cluster* cluster, const AppSpec& app,
                           const std::string& kubectl) {
  auto source = app.source;
  source.scope.path = app.path;  // only what the render reads is written out
  source.scope.files = app.helm.files;
  auto checkout = git.checkout(source);
  if (!checkout) {
    return std::unexpected(checkout.error());
  }
  RenderOptions options{checkout->root(), app.path, kubectl, app.kustomize_allow_hosts};
  options.release = app.name;
  options.ns = app.default_namespace.empty() ? "default" : app.default_namespace;
  options.helm_values = app.helm;
  auto manifests = render(options);
  if (!manifests) {
    return std::unexpected(manifests.error());
  }
  std::optional<Scope> scope;
  if (cluster != nullptr) {
    auto discovered = cluster->api_resources();
    if (!discovered) {
      return std::unexpected(discovered.error());
    }
    scope.emplace(*discovered, *manifests);
  } else {
    // Offline is validate's mode: a kind known neither built in nor from the
    // repository's CRDs may still be served by the cluster, so it is kept.
    scope.emplace(*manifests, UnknownKinds::allow);
  }
  auto desired = prepare_desired(*manifests, *scope, app);
  if (!desired) {
    return std::unexpected(desired.error());
  }
  auto hooks = take_hooks(*desired);
  if (!hooks) {
    return std::unexpected(hooks.error());
  }
  return LoadedApp{std::move(*checkout), std::move(*manifests), std::move(*scope),
                   std::move(*desired), std::move(*hooks)};
}

}  // namespace kgitops
