#include "engine/ownership_check.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include "core/constants.hpp"
#include "core/text.hpp"
#include "engine/field_paths.hpp"
#include "engine/ownership.hpp"
#include "git/url.hpp"

namespace kgitops {
namespace {

std::string normal_path(const std::string& path) {
  auto normal = std::filesystem::path(path).lexically_normal().string();
  while (!normal.empty() && normal.back() == '/') {
    normal.pop_back();
  }
  return normal == "." ? std::string{} : normal;
}

std::string describe_source(const std::string& repo, const std::string& path) {
  return redact_url(repo) + (normal_path(path).empty() ? "" : " (path " + normal_path(path) + ")");
}

// Whether the app plainly owns `object`: its inventory or its own tracking
// annotation says so, and nothing names another app.
bool plainly_owned(const ObjectState& object, const std::string& app) {
  const auto tracking = annotation_of(*object.live, keys::k_tracking_annotation);
  return (object.in_inventory || tracking == tracking_id(app, object.key)) &&
         !other_app_of(*object.live, app);
}

// Finds the objects git declares that the app's label did not: they may
// exist without it. One list request per namespace, of the kinds concerned.
Result<void> look_up_unlabelled(Cluster& cluster, const Scope& scope,
                                Reconciliation& reconciliation, const AppSpec& app) {
  std::map<std::string, std::map<std::pair<std::string, std::string>, ApiResource>> wanted;
  for (const auto& object : reconciliation.objects) {
    if (object.desired && !object.live &&
        scope.served(object.desired->resource.group, object.desired->resource.kind)) {
      const auto& resource = object.desired->resource;
      wanted[resource.namespaced ? object.key.ns : ""].emplace(
          std::pair{resource.group, resource.kind}, resource);
    }
  }
  std::map<ResourceKey, Json> found;
  for (const auto& [ns, kinds] : wanted) {
    std::vector<ApiResource> resources;
    for (const auto& [id, resource] : kinds) {
      resources.push_back(resource);
    }
    auto listed = cluster.list_namespace(resources, ns);
    if (!listed) {
      return std::unexpected(listed.error());
    }
    for (auto& live : *listed) {
      auto key = key_of(live);
      found.emplace(std::move(key), std::move(live));
    }
  }
  for (auto& object : reconciliation.objects) {
    if (!object.desired || object.live) {
      continue;
    }
    if (const auto live = found.find(object.key); live != found.end()) {
      pair_with_live(object, live->second, app.ignore_managers);
    }
  }
  return {};
}

}  // namespace

bool same_source(const Inventory& recorded, const AppSpec& app) {
  return repository_identity(recorded.repo) == repository_identity(app.source.repo) &&
         normal_path(recorded.path) == normal_path(app.path);
}

std::optional<Classified> classify_claim(
    const ObjectState& object, const std::string& app,
    const std::map<ResourceKey, std::vector<std::string>>& other_inventories) {
  if (!object.desired) {
    return std::nullopt;  // not declared: prune's business, not a sync's
  }
  if (auto reserved = reserved_reason(object.key); !reserved.empty()) {
    return Classified{{object.key, "kubectl-gitops", reserved}, true};
  }
  if (!object.live) {
    return std::nullopt;  // the sync creates it
  }
  const auto& live = *object.live;
  if (auto other = other_app_of(live, app)) {
    return Classified{{object.key, "app " + *other,
                       "its " + std::string(keys::k_app_label) +
                           " label or tracking annotation "
                           "names app " +
                           *other},
                      true};
  }
  if (const auto listed = other_inventories.find(object.key);
      listed != other_inventories.end() && !listed->second.empty()) {
    return Classified{{object.key, "app " + listed->second.front(),
                       "listed in the inventory of app " + join(listed->second, ", app ")},
                      true};
  }
  if (plainly_owned(object, app)) {
    return std::nullopt;
  }
  if (auto mark = foreign_mark(live, app)) {
    return Classified{{object.key, mark->tool, "it " + mark->detail}, false};
  }
  if (label_of(live, keys::k_app_label) == app) {
    return Classified{
        {object.key, "unmanaged", "it carries this app's label but was never applied by it"},
        false};
  }
  return Classified{{object.key, "unmanaged", "it exists and no tool claims it"}, false};
}

std::vector<std::string> OwnershipCheck::problems(const OwnershipOptions& options) const {
  std::vector<std::string> lines;
  if (!source_conflict.empty() && !options.take_over) {
    lines.push_back(source_conflict);
  }
  for (const auto& claim : conflicts) {
    const bool reserved = claim.holder == "kubectl-gitops";
    lines.push_back(to_string(claim.key) + ": held by " + claim.holder + " (" + claim.detail +
                    (reserved ? ")"
                              : "); another app's object is never taken, even with --adopt: "
                                "that app must let it go first"));
  }
  if (!options.adopt) {
    for (const auto& claim : adoptable) {
      lines.push_back(to_string(claim.key) + ": held by " + claim.holder + " (" + claim.detail +
                      "); pass --adopt to take it over");
    }
  }
  return lines;
}

std::string OwnershipCheck::refusal(const std::string& app, const OwnershipOptions& options) const {
  const auto lines = problems(options);
  if (lines.empty()) {
    return {};
  }
  return "refusing to sync app " + app + ", nothing was written:\n  " + join(lines, "\n  ");
}

Result<OwnershipCheck> check_ownership(Cluster& cluster, const Scope& scope,
                                       Reconciliation& reconciliation, const AppSpec& app,
                                       const std::optional<Inventory>& inventory,
                                       const OwnershipOptions& options) {
  OwnershipCheck check;
  if (inventory && !same_source(*inventory, app)) {
    check.source_conflict = "app " + app.name + " is synced from " +
                            describe_source(inventory->repo, inventory->path) + ", not from " +
                            describe_source(app.source.repo, app.path) +
                            ": name this app with --app, or pass --take-over to move it here";
  }
  if (auto looked = look_up_unlabelled(cluster, scope, reconciliation, app); !looked) {
    return std::unexpected(looked.error());
  }
  // Other apps' inventories are read only when some object is not plainly
  // ours: a sync of an app that owns everything it declares costs nothing more.
  std::map<ResourceKey, std::vector<std::string>> other_inventories;
  const bool unclear = std::any_of(
      reconciliation.objects.begin(), reconciliation.objects.end(), [&](const ObjectState& object) {
        return object.desired && object.live && !plainly_owned(object, app.name);
      });
  if (unclear) {
    auto inventories = list_inventories(cluster);
    if (!inventories) {
      return std::unexpected(inventories.error());
    }
    for (const auto& other : *inventories) {
      if (other.app == app.name) {
        continue;
      }
      for (const auto& member : other.members) {
        other_inventories[member].push_back(other.app);
      }
    }
  }
  for (auto& object : reconciliation.objects) {
    auto classified = classify_claim(object, app.name, other_inventories);
    if (!classified) {
      continue;
    }
    if (classified->conflict) {
      check.conflicts.push_back(std::move(classified->claim));
    } else {
      object.adopt = options.adopt;
      check.adoptable.push_back(std::move(classified->claim));
    }
  }
  return check;
}

}  // namespace kgitops
