#include "engine/app_status.hpp"

#include <algorithm>
#include <array>
#include <iomanip>
#include <ostream>

#include "engine/app_comparison.hpp"

namespace kgitops {
namespace {

AppStatus assess(Cluster& cluster, GitSource& git, const Inventory& inventory,
                 const std::string& kubectl, const TrustedHosts& trusted) {
  AppStatus status;
  status.inventory = inventory;
  auto app = recorded_app(inventory);
  app.source.credentials = scope_for_recorded_repo(app.source.repo, trusted);
  // Status describes what is there: no reach check, no ownership look-up.
  const std::optional<Inventory> recorded = inventory;
  auto compared =
      compare_app(git, cluster, app, kubectl,
                  {.check_reach = false, .check_ownership = false, .inventory = &recorded});
  if (!compared) {
    status.error = to_string(compared.error());
    return status;
  }
  const auto& reconciliation = compared->reconciliation;
  for (const auto state :
       {SyncState::in_sync, SyncState::modified, SyncState::missing, SyncState::extra}) {
    status.counts[to_string(state)] = reconciliation.count(state);
  }
  const bool drifted =
      reconciliation.count(SyncState::modified) + reconciliation.count(SyncState::missing) > 0;
  status.sync_state = drifted ? "OutOfSync" : "Synced";
  // Health from the objects just read: no request more.
  auto objects = declared_health(reconciliation);
  status.health = to_string(app_health(objects));
  for (auto& object : objects) {
    ++status.health_counts[to_string(object.health.state)];
    if (object.health.state != HealthState::healthy) {
      status.unhealthy.push_back(std::move(object));
    }
  }
  return status;
}

}  // namespace

AppSpec recorded_app(const Inventory& inventory) {
  AppSpec app;
  app.name = inventory.app;
  // The commit last synced: what the cluster is meant to be.
  app.source = SourceSpec{
      inventory.repo, inventory.last_commit.empty() ? inventory.revision : inventory.last_commit};
  app.path = inventory.path;
  app.default_namespace = inventory.default_namespace;
  return app;
}

Result<std::vector<AppStatus>> collect_status(Cluster& cluster, GitSource& git,
                                              const std::string& app, const std::string& kubectl,
                                              const TrustedHosts& trusted) {
  std::vector<Inventory> inventories;
  if (app.empty()) {
    auto all = list_inventories(cluster);
    if (!all) {
      return std::unexpected(all.error());
    }
    inventories = std::move(*all);
  } else {
    auto one = load_inventory(cluster, app);
    if (!one) {
      return std::unexpected(one.error());
    }
    if (*one) {
      inventories.push_back(std::move(**one));
    }
  }
  std::vector<AppStatus> statuses;
  for (const auto& inventory : inventories) {
    statuses.push_back(assess(cluster, git, inventory, kubectl, trusted));
  }
  return statuses;
}

namespace {

// "<phase> <result> <finished at> <object>", as the inventory records a hook's run.
std::array<std::string, 4> parse_hook_run(const std::string& line) {
  std::array<std::string, 4> fields;
  std::size_t at = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    const auto space = std::min(line.find(' ', at), line.size());
    fields[i] = line.substr(at, space - at);
    at = std::min(space + 1, line.size());
  }
  fields[3] = line.substr(at);
  return fields;
}

}  // namespace

Json to_json(const AppStatus& status) {
  const auto& inventory = status.inventory;
  Json json{
      {"app", inventory.app},
      {"source",
       {{"repo", inventory.repo}, {"revision", inventory.revision}, {"path", inventory.path}}},
      {"lastSync",
       {{"commit", inventory.last_commit},
        {"result", inventory.last_result},
        {"message", inventory.last_message},
        {"changedAt", inventory.last_changed_at}}},
      {"syncState", status.sync_state},
      {"health", {{"status", status.health}, {"objects", status.health_counts}}},
      {"suspended", inventory.suspended},
      {"objects", status.counts},
      {"inventorySize", inventory.members.size()}};
  Json adopted = Json::array();
  for (const auto& key : inventory.adopted) {
    adopted.push_back(to_string(key));
  }
  json["adopted"] = std::move(adopted);
  Json unhealthy = Json::array();
  for (const auto& object : status.unhealthy) {
    unhealthy.push_back({{"object", to_string(object.key)},
                         {"health", to_string(object.health.state)},
                         {"message", object.health.message}});
  }
  json["health"]["unhealthy"] = std::move(unhealthy);
  Json hooks = Json::array();
  for (const auto& line : inventory.hook_runs) {
    const auto run = parse_hook_run(line);
    hooks.push_back(
        {{"phase", run[0]}, {"result", run[1]}, {"finishedAt", run[2]}, {"object", run[3]}});
  }
  json["hooks"] = std::move(hooks);
  if (!status.error.empty()) {
    json["error"] = status.error;
  }
  return json;
}

void print_status_table(const std::vector<AppStatus>& statuses, std::ostream& out) {
  out << std::left << std::setw(24) << "APP" << std::setw(11) << "SYNC" << std::setw(13) << "HEALTH"
      << std::setw(10) << "RESULT" << std::setw(14) << "COMMIT" << std::setw(9) << "OBJECTS"
      << "SOURCE\n";
  for (const auto& status : statuses) {
    const auto& inventory = status.inventory;
    auto source = inventory.repo;
    if (!inventory.path.empty()) {
      source += " (" + inventory.path + ")";
    }
    out << std::left << std::setw(24) << inventory.app << std::setw(11)
        << (inventory.suspended ? status.sync_state + "*" : status.sync_state) << std::setw(13)
        << status.health << std::setw(10) << inventory.last_result << std::setw(14)
        << inventory.last_commit.substr(0, 12) << std::setw(9) << inventory.members.size() << source
        << "\n";
    if (!status.error.empty()) {
      out << "  error: " << status.error << "\n";
    }
    for (const auto& key : inventory.adopted) {
      out << "  " << to_string(key) << ": adopted with --adopt (it existed before the app)\n";
    }
    for (const auto& line : inventory.hook_runs) {
      const auto run = parse_hook_run(line);
      out << "  " << run[0] << " hook " << run[3] << ": " << run[1] << " at " << run[2] << "\n";
    }
    for (const auto& object : status.unhealthy) {
      out << "  " << to_string(object.key) << ": " << to_string(object.health.state)
          << (object.health.message.empty() ? "" : ": " + object.health.message) << "\n";
    }
  }
}

}  // namespace kgitops
