#include "engine/reconcile.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/constants.hpp"
#include "core/kind_order.hpp"
#include "engine/field_paths.hpp"
#include "engine/hooks.hpp"
#include "engine/ownership.hpp"

namespace kgitops {

std::size_t Reconciliation::count(SyncState state) const {
  return static_cast<std::size_t>(
      std::count_if(objects.begin(), objects.end(),
                    [state](const auto& object) { return object.state == state; }));
}

bool Reconciliation::in_sync() const {
  return count(SyncState::in_sync) == objects.size();
}

void pair_with_live(ObjectState& object, const Json& live,
                    const std::vector<std::string>& ignore_managers) {
  object.live = live;
  // Fields these managers own (an HPA's spec.replicas) are theirs: neither
  // compared nor applied.
  object.desired->object = without_fields_of(object.desired->object, live, ignore_managers);
  auto comparison = compare(*object.desired, live);
  object.state = comparison.state;
  object.drift = std::move(comparison.drift);
}

std::vector<std::string> drifted_fields(const DesiredObject& desired, const Json& live) {
  std::vector<std::string> fields;
  for (auto& field : compare(desired, live).drift) {
    fields.push_back(std::move(field.path));
  }
  return fields;
}

namespace {

using LiveByKey = std::map<ResourceKey, const Json*>;

LiveByKey index_live(const std::vector<Json>& live) {
  LiveByKey live_by_key;
  for (const auto& object : live) {
    // The app's own inventory carries its label but is not one of its objects.
    if (!label_of(object, keys::k_inventory_label)) {
      live_by_key.emplace(key_of(object), &object);
    }
  }
  return live_by_key;
}

bool in_inventory(const std::optional<Inventory>& inventory, const ResourceKey& key) {
  return inventory && inventory->members.contains(key);
}

// What git declares, in apply order, each paired with its live object.
std::vector<ObjectState> declared_states(const std::vector<DesiredObject>& desired,
                                         const LiveByKey& live_by_key,
                                         const std::optional<Inventory>& inventory,
                                         const std::vector<std::string>& ignore_managers) {
  std::vector<const DesiredObject*> ordered;
  for (const auto& object : desired) {
    ordered.push_back(&object);
  }
  std::stable_sort(ordered.begin(), ordered.end(), [](const auto* a, const auto* b) {
    return apply_before(a->wave, a->key, b->wave, b->key);
  });
  std::vector<ObjectState> states;
  for (const auto* object : ordered) {
    ObjectState state;
    state.key = object->key;
    state.desired = *object;
    state.in_inventory = in_inventory(inventory, object->key);
    if (const auto found = live_by_key.find(object->key); found != live_by_key.end()) {
      pair_with_live(state, *found->second, ignore_managers);
    } else {
      state.state = SyncState::missing;
    }
    states.push_back(std::move(state));
  }
  return states;
}

// Live objects of the app that git does not declare, in prune order.
std::vector<ObjectState> extra_states(const LiveByKey& live_by_key,
                                      const std::set<ResourceKey>& declared,
                                      const std::optional<Inventory>& inventory) {
  std::vector<ObjectState> extras;
  for (const auto& [key, object] : live_by_key) {
    // What a controller made from one of the app's objects (a Service's
    // Endpoints and EndpointSlices) copies its labels: it is the owner's, not an orphan.
    if (declared.contains(key) ||
        (!in_inventory(inventory, key) && made_by_a_controller(*object))) {
      continue;
    }
    // A hook's run carries the app label so status and health find it, but
    // it is no member: never an orphan, never pruned.
    if (is_hook(*object)) {
      continue;
    }
    ObjectState state;
    state.key = key;
    state.state = SyncState::extra;
    state.live = *object;
    state.in_inventory = in_inventory(inventory, key);
    extras.push_back(std::move(state));
  }
  // Extras in prune order: the reverse of apply order.
  std::sort(extras.begin(), extras.end(),
            [](const auto& a, const auto& b) { return apply_before(0, b.key, 0, a.key); });
  return extras;
}

// Reads again the objects of `live` a sync would write on the strength of
// `paired`: each is replaced by the server's copy, or dropped when it is
// gone or no longer carries the app's label (a fresh list would not hold it).
Result<void> read_again(Cluster& cluster, const Reconciliation& paired,
                        const std::map<std::pair<std::string, std::string>, ApiResource>& kinds,
                        const std::string& app, std::vector<Json>& live) {
  std::set<ResourceKey> written;
  for (const auto& object : paired.objects) {
    if (object.live && (object.state == SyncState::modified || object.state == SyncState::extra)) {
      written.insert(object.key);
    }
  }
  if (written.empty()) {
    return {};
  }
  std::vector<Json> confirmed;
  for (auto& object : live) {
    auto key = key_of(object);
    const auto kind = kinds.find(std::pair{key.group, key.kind});
    if (!written.contains(key) || kind == kinds.end()) {
      confirmed.push_back(std::move(object));
      continue;
    }
    auto fresh = cluster.get(kind->second, key.ns, key.name);
    if (!fresh) {
      return std::unexpected(fresh.error());
    }
    if (*fresh && label_of(**fresh, keys::k_app_label) == app) {
      confirmed.push_back(std::move(**fresh));
    }
  }
  live = std::move(confirmed);
  return {};
}

}  // namespace

Reconciliation pair_objects(const std::vector<DesiredObject>& desired,
                            const std::vector<Json>& live,
                            const std::optional<Inventory>& inventory,
                            const std::vector<std::string>& ignore_managers) {
  const auto live_by_key = index_live(live);
  Reconciliation result;
  result.objects = declared_states(desired, live_by_key, inventory, ignore_managers);
  std::set<ResourceKey> declared;
  for (const auto& object : desired) {
    declared.insert(object.key);
  }
  for (auto& extra : extra_states(live_by_key, declared, inventory)) {
    result.objects.push_back(std::move(extra));
  }
  return result;
}

Result<Reconciliation> reconcile(Cluster& cluster, const Scope& scope,
                                 const std::vector<DesiredObject>& desired,
                                 const std::optional<Inventory>& inventory, const AppSpec& app,
                                 KindSearch search, LiveReads reads) {
  std::map<std::pair<std::string, std::string>, ApiResource> kinds;
  if (search == KindSearch::every) {
    for (const auto& resource : scope.listable()) {
      kinds.emplace(std::pair{resource.group, resource.kind}, resource);
    }
  }
  for (const auto& object : desired) {
    kinds.emplace(std::pair{object.resource.group, object.resource.kind}, object.resource);
  }
  if (inventory) {
    for (const auto& member : inventory->members) {
      // A kind no longer served (its CRD is gone) has nothing left to list.
      if (auto resource = scope.find(member.group, member.kind)) {
        kinds.emplace(std::pair{member.group, member.kind}, *resource);
      }
    }
  }
  std::vector<ApiResource> served;
  for (auto& [id, resource] : kinds) {
    if (scope.served(resource.group, resource.kind)) {
      served.push_back(resource);
    }
  }
  auto live = cluster.list(served, std::string(keys::k_app_label) + "=" + app.name);
  if (!live) {
    return std::unexpected(live.error());
  }
  auto paired = pair_objects(desired, *live, inventory, app.ignore_managers);
  if (reads == LiveReads::fresh) {
    return paired;
  }
  if (auto read = read_again(cluster, paired, kinds, app.name, *live); !read) {
    return std::unexpected(read.error());
  }
  return pair_objects(desired, *live, inventory, app.ignore_managers);
}

}  // namespace kgitops
