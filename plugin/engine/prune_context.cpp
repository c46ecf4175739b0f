#include "engine/prune_context.hpp"

#include "engine/namespace_contents.hpp"

namespace kgitops {

PruneContext load_prune_context(Cluster& cluster, const Scope& scope,
                                const Reconciliation& reconciliation,
                                const std::optional<Inventory>& inventory, const std::string& app) {
  PruneContext context;
  if (inventory) {
    context.adopted = inventory->adopted;
  }
  for (const auto& object : reconciliation.objects) {
    if (object.desired && !object.key.ns.empty()) {
      context.declared_namespaces.insert(object.key.ns);
    }
  }
  std::vector<std::string> candidates;
  for (const auto& object : reconciliation.objects) {
    const bool dropped_namespace = !object.desired && object.in_inventory &&
                                   object.key.group.empty() && object.key.kind == "Namespace";
    if (dropped_namespace && !context.adopted.contains(object.key) &&
        !context.declared_namespaces.contains(object.key.name)) {
      candidates.push_back(object.key.name);
    }
  }
  context.namespace_strangers = inspect_namespaces(cluster, scope, candidates, app);
  return context;
}

}  // namespace kgitops
