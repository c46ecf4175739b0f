#include "engine/app_comparison.hpp"

namespace kgitops {

Result<AppComparison> compare_app(GitSource& git, Cluster& cluster, const AppSpec& app,
                                  const std::string& kubectl) {
  auto loaded = load_app(git, &cluster, app, kubectl);
  if (!loaded) {
    return std::unexpected(loaded.error());
  }
  auto inventory = load_inventory(cluster, app.name);
  if (!inventory) {
    return std::unexpected(inventory.error());
  }
  auto reconciliation = reconcile(cluster, loaded->scope, loaded->desired, *inventory, app);
  if (!reconciliation) {
    return std::unexpected(reconciliation.error());
  }
  return AppComparison{std::move(*loaded), std::move(*inventory), std::move(*reconciliation)};
}

}  // namespace kgitops
