#pragma once

#include <iosfwd>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/app.hpp"
#include "engine/object_comparison.hpp"
#include "git/git_source.hpp"

namespace kgitops {

class Cluster;

// What `--fail-on` can name.
enum class AuditCategory { drift, orphan, conflict, foreign };
std::optional<AuditCategory> parse_audit_category(const std::string& name);
std::string to_string(AuditCategory category);

// A drifted field and who changed it, from managedFields.
using FieldDrift = DriftedField;

// One object of an app, and everything ownership says about it.
struct AuditRow {
  std::string app;
  ResourceKey key;
  // InSync, Drifted, Missing, Extra (would be pruned), Orphan, Conflict, Foreign
  std::string state;
  std::string prune_action;  // "prune", "keep" or "" (declared in git)
  std::string prune_reason;
  std::vector<FieldDrift> drift;
  std::vector<std::string> notes;  // stale client-side-apply ownership and its fix
  std::optional<AuditCategory> category;
  bool adopted = false;  // taken over with --adopt rather than created by the app
};

struct AuditReport {
  std::vector<std::string> apps;
  std::vector<AuditRow> rows;
  std::optional<std::size_t> unmanaged;  // with -A: objects no GitOps tool manages
  std::vector<std::string> errors;       // apps that could not be audited, and why
  bool has(AuditCategory category) const;
};

// Audits `apps` (each with its source). The app's label is searched for in
// every kind the cluster lets list, so a copy of it anywhere is an Orphan.
// With `all_apps`, `apps` are every app found in the cluster's inventories;
// objects claimed by two apps become conflicts and the apps' namespaces are
// searched for unmanaged objects.
Result<AuditReport> run_audit(Cluster& cluster, GitSource& git, const std::vector<AppSpec>& apps,
                              bool all_apps, const std::string& kubectl);

// The documented, stable JSON shape of a report (see the README).
Json audit_to_json(const AuditReport& report);
void print_audit_table(const AuditReport& report, bool color, std::ostream& out);

}  // namespace kgitops
