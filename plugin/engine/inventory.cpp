#include "engine/inventory.hpp"

#include <algorithm>
#include <sstream>

#include "cluster/builtin_kinds.hpp"
#include "core/constants.hpp"
#include "core/sha256.hpp"
#include "core/text.hpp"
#include "core/version.hpp"

namespace kgitops {
namespace {

const ApiResource& k_configmaps = builtin_kind("", "ConfigMap");
const ApiResource& k_namespaces = builtin_kind("", "Namespace");

}  // namespace

std::string inventory_name(const std::string& app) {
  return std::string(keys::k_inventory_name_prefix) + app;
}

std::string applyset_id(const std::string& app) {
  // As kubectl: base64url(sha256("<name>.<namespace>.<Kind>.<group>")), versioned.
  const auto unencoded =
      inventory_name(app) + "." + std::string(keys::k_inventory_namespace) + ".ConfigMap.";
  return "applyset-" + base64url(sha256_raw(unencoded)) + "-v1";
}

std::string member_to_string(const ResourceKey& key) {
  return key.group + "/" + key.kind + ":" + key.ns + "/" + key.name;
}

std::optional<ResourceKey> member_from_string(const std::string& text) {
  const auto slash = text.find('/');
  if (slash == std::string::npos) {
    return std::nullopt;
  }
  const auto colon = text.find(':', slash);
  if (colon == std::string::npos) {
    return std::nullopt;
  }
  const auto ns_end = text.find('/', colon);
  if (ns_end == std::string::npos) {
    return std::nullopt;
  }
  ResourceKey key{text.substr(0, slash), text.substr(slash + 1, colon - slash - 1),
                  text.substr(colon + 1, ns_end - colon - 1), text.substr(ns_end + 1)};
  if (key.kind.empty() || key.name.empty()) {
    return std::nullopt;
  }
  return key;
}

Json inventory_to_configmap(const Inventory& inventory) {
  std::set<std::string> group_kinds;
  std::set<std::string> namespaces;
  std::string members;
  std::string adopted;
  for (const auto& key : inventory.adopted) {
    if (inventory.members.contains(key)) {
      adopted += member_to_string(key) + "\n";
    }
  }
  for (const auto& key : inventory.members) {
    group_kinds.insert(group_kind(key));
    if (!key.ns.empty() && key.ns != keys::k_inventory_namespace) {
      namespaces.insert(key.ns);
    }
    members += member_to_string(key) + "\n";
  }
  Json configmap{{"apiVersion", "v1"}, {"kind", "ConfigMap"}};
  configmap["metadata"] = {{"name", inventory_name(inventory.app)},
                           {"namespace", keys::k_inventory_namespace}};
  set_label(configmap, keys::k_applyset_id_label, applyset_id(inventory.app));
  set_label(configmap, keys::k_inventory_label, "true");
  set_label(configmap, keys::k_app_label, inventory.app);
  set_annotation(configmap, keys::k_applyset_tooling_annotation,
                 std::string("kubectl-gitops/") + k_version);
  set_annotation(configmap, keys::k_applyset_group_kinds_annotation, join(group_kinds, ","));
  set_annotation(configmap, keys::k_applyset_namespaces_annotation, join(namespaces, ","));
  if (inventory.suspended) {
    set_annotation(configmap, keys::k_suspended_annotation, "true");
  }
  if (!inventory.agent.empty()) {
    set_annotation(configmap, keys::k_agent_annotation, inventory.agent);
  }
  configmap["data"] = {{"repo", inventory.repo},
                       {"revision", inventory.revision},
                       {"path", inventory.path},
                       {"defaultNamespace", inventory.default_namespace},
                       {"members", members},
                       {"adopted", adopted},
                       {"lastCommit", inventory.last_commit},
                       {"lastResult", inventory.last_result},
                       {"lastMessage", inventory.last_message},
                       {"lastChangedAt", inventory.last_changed_at}};
  if (!inventory.hook_runs.empty()) {
    configmap["data"]["hookRuns"] = join(inventory.hook_runs, "\n");
  }
  return configmap;
}

Result<Inventory> inventory_from_configmap(const Json& configmap) {
  Inventory inventory;
  inventory.app = label_of(configmap, keys::k_app_label).value_or("");
  if (inventory.app.empty()) {
    return fail("inventory ConfigMap ", name_of(configmap), " has no ", keys::k_app_label,
                " label");
  }
  const Json data = configmap.value("data", Json::object());
  auto text = [&](const char* key) { return data.value(key, std::string{}); };
  inventory.repo = text("repo");
  inventory.revision = text("revision");
  inventory.path = text("path");
  inventory.default_namespace = text("defaultNamespace");
  inventory.last_commit = text("lastCommit");
  inventory.last_result = text("lastResult");
  inventory.last_message = text("lastMessage");
  inventory.last_changed_at = text("lastChangedAt");
  {
    std::istringstream lines(text("hookRuns"));
    for (std::string line; std::getline(lines, line);) {
      if (!line.empty()) {
        inventory.hook_runs.push_back(line);
      }
    }
  }
  inventory.suspended = annotation_of(configmap, keys::k_suspended_annotation) == "true";
  inventory.agent = annotation_of(configmap, keys::k_agent_annotation).value_or("");
  for (auto [field, set] :
       {std::pair{"members", &inventory.members}, std::pair{"adopted", &inventory.adopted}}) {
    std::istringstream lines(text(field));
    std::string line;
    while (std::getline(lines, line)) {
      if (line.empty()) {
        continue;
      }
      auto key = member_from_string(line);
      if (!key) {
        return fail("inventory of app ", inventory.app, " has a malformed member: ", line);
      }
      set->insert(*key);
    }
  }
  return inventory;
}

Result<std::optional<Inventory>> load_inventory(Cluster& cluster, const std::string& app) {
  auto configmap =
      cluster.get(k_configmaps, std::string(keys::k_inventory_namespace), inventory_name(app));
  if (!configmap) {
    return std::unexpected(configmap.error());
  }
  if (!*configmap) {
    return std::optional<Inventory>{};
  }
  auto inventory = inventory_from_configmap(**configmap);
  if (!inventory) {
    return std::unexpected(inventory.error());
  }
  return std::optional<Inventory>{std::move(*inventory)};
}

Result<std::vector<Inventory>> list_inventories(Cluster& cluster) {
  auto configmaps = cluster.list({k_configmaps}, std::string(keys::k_inventory_label) + "=true");
  if (!configmaps) {
    return std::unexpected(configmaps.error());
  }
  std::vector<Inventory> inventories;
  for (const auto& configmap : *configmaps) {
    if (namespace_of(configmap) != keys::k_inventory_namespace) {
      continue;
    }
    auto inventory = inventory_from_configmap(configmap);
    if (!inventory) {
      return std::unexpected(inventory.error());
    }
    inventories.push_back(std::move(*inventory));
  }
  std::sort(inventories.begin(), inventories.end(),
            [](const auto& a, const auto& b) { return a.app < b.app; });
  return inventories;
}

Result<void> store_inventory(Cluster& cluster, const Inventory& inventory,
                             const std::optional<Inventory>& current) {
  const auto wanted = inventory_to_configmap(inventory);
  if (current && inventory_to_configmap(*current) == wanted) {
    return {};
  }
  if (!current) {
    auto ns = cluster.get(k_namespaces, "", std::string(keys::k_inventory_namespace));
    if (!ns) {
      return std::unexpected(ns.error());
    }
    if (!*ns) {
      Json namespace_object{{"apiVersion", "v1"},
                            {"kind", "Namespace"},
                            {"metadata", {{"name", keys::k_inventory_namespace}}}};
      auto created = cluster.apply({namespace_object}, DryRun::no);
      if (!created) {
        return std::unexpected(created.error());
      }
      if (!created->front().error.empty()) {
        return fail("cannot create namespace ", keys::k_inventory_namespace, ": ",
                    created->front().error);
      }
    }
  }
  auto applied = cluster.apply({wanted}, DryRun::no);
  if (!applied) {
    return std::unexpected(applied.error());
  }
  if (!applied->front().error.empty()) {
    return fail("cannot write the inventory of app ", inventory.app, ": ", applied->front().error);
  }
  return {};
}

}  // namespace kgitops
