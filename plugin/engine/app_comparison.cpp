#include "engine/app_comparison.hpp"

#include "engine/reach_check.hpp"

namespace kgitops {

Result<ClusterComparison> compare_loaded_app(Cluster& cluster, const LoadedApp& loaded,
                                             const AppSpec& app,
                                             const AppComparisonOptions& options) {
  ClusterComparison compared;
  // The reach comes first: an object the app may not write stops everything
  // before the app's state is read.
  if (options.check_reach) {
    compared.reach_refusal = reach_refusal(app.name, loaded.desired, app.reach);
    if (!compared.reach_refusal.empty()) {
      return compared;
    }
  }
  if (options.inventory != nullptr) {
    compared.inventory = *options.inventory;
  } else {
    auto inventory = load_inventory(cluster, app.name);
    if (!inventory) {
      return std::unexpected(inventory.error());
    }
    compared.inventory = std::move(*inventory);
  }
  auto reconciliation = reconcile(cluster, loaded.scope, loaded.desired, compared.inventory, app,
                                  options.search, options.reads);
  if (!reconciliation) {
    return std::unexpected(reconciliation.error());
  }
  compared.reconciliation = std::move(*reconciliation);
  if (options.check_ownership) {
    auto ownership = check_ownership(cluster, loaded.scope, compared.reconciliation, app,
                                     compared.inventory, options.ownership);
    if (!ownership) {
      return std::unexpected(ownership.error());
    }
    compared.ownership = std::move(*ownership);
  }
  return compared;
}

Result<AppComparison> compare_app(GitSource& git, Cluster& cluster, const AppSpec& app,
                                  const std::string& kubectl, const AppComparisonOptions& options) {
  auto loaded = load_app(git, &cluster, app, kubectl);
  if (!loaded) {
    return std::unexpected(loaded.error());
  }
  auto compared = compare_loaded_app(cluster, *loaded, app, options);
  if (!compared) {
    return std::unexpected(compared.error());
  }
  return AppComparison{std::move(*loaded), std::move(compared->inventory),
                       std::move(compared->reconciliation), std::move(compared->ownership),
                       std::move(compared->reach_refusal)};
}

std::vector<ObjectHealth> declared_health(const Reconciliation& reconciliation) {
  std::vector<ObjectHealth> objects;
  for (const auto& object : reconciliation.objects) {
    if (object.desired) {
      objects.push_back({object.key, object.live ? assess_health(*object.live) : missing_health()});
    }
  }
  return objects;
}

}  // namespace kgitops
