#include "engine/app_comparison.hpp"

#include "engine/reach_check.hpp"

namespace kgitops {

Result<AppComparison> compare_app(GitSource& git, Cluster& cluster, const AppSpec& app,
                                  const std::string& kubectl, KindSearch search) {
  auto loaded = load_app(git, &cluster, app, kubectl);
  if (!loaded) {
    return std::unexpected(loaded.error());
  }
  if (auto refusal = reach_refusal(app.name, loaded->desired, app.reach); !refusal.empty()) {
    AppComparison refused{std::move(*loaded), std::nullopt, {}, {}, std::move(refusal)};
    return refused;
  }
  auto inventory = load_inventory(cluster, app.name);
  if (!inventory) {
    return std::unexpected(inventory.error());
  }
  auto reconciliation = reconcile(cluster, loaded->scope, loaded->desired, *inventory, app, search);
  if (!reconciliation) {
    return std::unexpected(reconciliation.error());
  }
  auto ownership = check_ownership(cluster, loaded->scope, *reconciliation, app, *inventory, {});
  if (!ownership) {
    return std::unexpected(ownership.error());
  }
  return AppComparison{std::move(*loaded),
                       std::move(*inventory),
                       std::move(*reconciliation),
                       std::move(*ownership),
                       {}};
}

}  // namespace kgitops
