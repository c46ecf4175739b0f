#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cluster/cluster.hpp"

namespace kgitops {

// What an app owns and how it was last synced, stored in the cluster as an
// ApplySet parent ConfigMap (KEP-3659) so standard tools can read it.
struct Inventory {
  std::string app;
  std::string repo;  // redacted: never with credentials; a local path is absolute
  std::string revision;
  std::string path;
  std::string default_namespace;
  std::set<ResourceKey> members;
  // Members that existed before the app took them over with --adopt; the
  // others it created. Only a Namespace the app created is ever pruned.
  std::set<ResourceKey> adopted;
  std::string last_commit;
  std::string last_result;      // "Succeeded" or "Failed"
  std::string last_message;     // why it failed, or a summary
  std::string last_changed_at;  // RFC 3339, when a sync last changed the commit or members
  // The hooks the last sync that ran any ran, one line each:
  // "<phase> <result> <finished at> <object>". Hook objects may be deleted
  // by their policy, so this record is what status reads.
  std::vector<std::string> hook_runs;
  bool suspended = false;
  // The watch agent that last wrote it; empty when none has.
  std::string agent;
};

// kubectl's ApplySet id of this app's parent ConfigMap.
std::string applyset_id(const std::string& app);
std::string inventory_name(const std::string& app);

Json inventory_to_configmap(const Inventory& inventory);
Result<Inventory> inventory_from_configmap(const Json& configmap);

// "apps/Deployment:web/frontend" and back: one member per line in the ConfigMap.
std::string member_to_string(const ResourceKey& key);
std::optional<ResourceKey> member_from_string(const std::string& text);

// The inventory of `app`, or nullopt when the app was never synced.
Result<std::optional<Inventory>> load_inventory(Cluster& cluster, const std::string& app);
// Every app's inventory in the cluster, sorted by app name.
Result<std::vector<Inventory>> list_inventories(Cluster& cluster);
// Writes `inventory` unless the cluster already holds exactly it (a no-op sync
// writes nothing); creates the inventory namespace on first use.
Result<void> store_inventory(Cluster& cluster, const Inventory& inventory,
                             const std::optional<Inventory>& current);

}  // namespace kgitops
