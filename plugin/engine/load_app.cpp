#include "engine/load_app.hpp"

#include <future>

#include "render/parse_cache.hpp"
#include "render/renderer.hpp"

namespace kgitops {

namespace {

Result<std::vector<Manifest>> render_checkout(Checkout& checkout, const AppSpec& app,
                                              const std::string& kubectl, ParseCache* cache) {
  RenderOptions options{{}, app.path, kubectl, app.kustomize_allow_hosts};
  if (checkout.read_from_tree()) {
    options.tree_files = &checkout.tree_files;
    options.parse_cache = cache;
  } else {
    options.root = checkout.root();
  }
  options.release = app.name;
  options.ns = app.default_namespace.empty() ? "default" : app.default_namespace;
  options.helm_values = app.helm;
  auto manifests = render(options);
  if (manifests && cache != nullptr) {
    cache->sweep();
  }
  // The bytes are parsed: nothing reads them again.
  std::vector<TreeFile>().swap(checkout.tree_files);
  return manifests;
}

}  // namespace

Result<LoadedApp> load_app(GitSource& git, Cluster* cluster, const AppSpec& app,
                           const std::string& kubectl, ParseCache* cache) {
  auto source = app.source;
  source.scope.path = app.path;  // only what the render reads is written out
  source.scope.files = app.helm.files;
  source.scope.read_plain_from_tree = true;
  // The cluster's discovery waits on the network, the render on the CPU:
  // they run side by side.
  std::future<Result<std::vector<ApiResource>>> discovery;
  if (cluster != nullptr) {
    discovery = std::async(std::launch::async, [cluster] { return cluster->api_resources(); });
  }
  auto checkout = git.checkout(source);
  if (!checkout) {
    return std::unexpected(checkout.error());
  }
  auto manifests = render_checkout(*checkout, app, kubectl, cache);
  if (!manifests) {
    return std::unexpected(manifests.error());
  }
  std::optional<Scope> scope;
  if (cluster != nullptr) {
    auto discovered = discovery.get();
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
