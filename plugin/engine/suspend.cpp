#include "engine/suspend.hpp"

#include "cluster/builtin_kinds.hpp"
#include "core/constants.hpp"
#include "engine/inventory.hpp"

namespace kgitops {

Result<void> set_suspended(Cluster& cluster, const std::string& app, bool suspended) {
  auto inventory = load_inventory(cluster, app);
  if (!inventory) {
    return std::unexpected(inventory.error());
  }
  if (!*inventory) {
    return fail("app ", app, " has no inventory in namespace ", keys::k_inventory_namespace,
                ": sync it first");
  }
  if ((*inventory)->suspended == suspended) {
    return {};
  }
  const ResourceKey key{"", "ConfigMap", std::string(keys::k_inventory_namespace),
                        inventory_name(app)};
  const std::string annotation(keys::k_suspended_annotation);
  auto done = cluster.annotate(builtin_kind("", "ConfigMap"), key, annotation,
                               suspended ? std::optional<std::string>("true") : std::nullopt);
  if (!done) {
    return fail("cannot ", suspended ? "suspend" : "resume", " app ", app, ": ",
                to_string(done.error()));
  }
  return {};
}

}  // namespace kgitops
