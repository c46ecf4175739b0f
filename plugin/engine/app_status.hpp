#pragma once

#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "engine/app.hpp"
#include "engine/health_wait.hpp"
#include "engine/inventory.hpp"
#include "git/credential_scope.hpp"
#include "git/git_source.hpp"

namespace kgitops {

// An app as the cluster records it, and how the cluster compares with the
// commit it was last synced to.
struct AppStatus {
  Inventory inventory;
  std::string sync_state = "Unknown";                // "Synced", "OutOfSync" or "Unknown"
  std::map<std::string, std::size_t> counts;         // per SyncState name
  std::string health = "Unknown";                    // the worst of its objects' health
  std::map<std::string, std::size_t> health_counts;  // per HealthState name
  std::vector<ObjectHealth> unhealthy;               // objects not Healthy, with why
  std::string error;                                 // why the state is Unknown
};

// The app as its inventory records it, at the commit it was last synced to.
// Its source may present no credentials: its URL is cluster data.
AppSpec recorded_app(const Inventory& inventory);

// Every app in the cluster (or only `app` when given). An inventory's
// repository URL is cluster data: it is fetched with credentials only when
// its host is one of `trusted`.
Result<std::vector<AppStatus>> collect_status(Cluster& cluster, GitSource& git,
                                              const std::string& app, const std::string& kubectl,
                                              const TrustedHosts& trusted);

Json to_json(const AppStatus& status);
void print_status_table(const std::vector<AppStatus>& statuses, std::ostream& out);

}  // namespace kgitops
