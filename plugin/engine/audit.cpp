#include "engine/audit.hpp"

#include <algorithm>
#include <map>
#include <ostream>

#include "cluster/builtin_kinds.hpp"
#include "core/constants.hpp"
#include "core/text.hpp"
#include "engine/app_comparison.hpp"
#include "engine/compare.hpp"
#include "engine/field_projection.hpp"
#include "engine/load_app.hpp"
#include "engine/ownership.hpp"
#include "engine/prune_context.hpp"

namespace kgitops {

std::optional<AuditCategory> parse_audit_category(const std::string& name) {
  if (name == "drift") {
    return AuditCategory::drift;
  }
  if (name == "orphan") {
    return AuditCategory::orphan;
  }
  if (name == "conflict") {
    return AuditCategory::conflict;
  }
  if (name == "foreign") {
    return AuditCategory::foreign;
  }
  return std::nullopt;
}

std::string to_string(AuditCategory category) {
  switch (category) {
    case AuditCategory::drift:
      return "drift";
    case AuditCategory::orphan:
      return "orphan";
    case AuditCategory::conflict:
      return "conflict";
    case AuditCategory::foreign:
      return "foreign";
  }
  return "unknown";
}

bool AuditReport::has(AuditCategory category) const {
  for (const auto& row : rows) {
    if (row.category == category) {
      return true;
    }
  }
  return false;
}

namespace {

// Managers that client-side apply leaves behind; they keep owning fields
// after a move to server-side apply (kubernetes #99003).
bool is_client_side_apply_manager(const std::string& manager) {
  return manager == "kubectl-client-side-apply" || manager == "before-first-apply";
}

std::vector<std::string> stale_ownership_notes(const Json& desired, const Json& live) {
  std::vector<std::string> notes;
  if (!live.contains("metadata") || !live["metadata"].contains("managedFields")) {
    return notes;
  }
  for (const auto& entry : live["metadata"]["managedFields"]) {
    const auto manager = entry.value("manager", "");
    if (!is_client_side_apply_manager(manager) || !entry.contains("fieldsV1")) {
      continue;
    }
    // The declared fields the entry owns: what git declares, less what it names.
    Json unowned = desired;
    remove_fields(unowned, entry["fieldsV1"]);
    const auto owned = differing_paths(desired, unowned);
    if (!owned.empty()) {
      notes.push_back("stale client-side apply: manager " + manager + " still owns " +
                      to_string(owned.front()) +
                      (owned.size() > 1 ? " (and other fields git declares)" : "") +
                      "; sync takes them over with "
                      "--force-conflicts, and removing the entry drops the stale claim: "
                      "kubectl patch <object> --type=json -p "
                      "'[{\"op\":\"remove\",\"path\":\"/metadata/managedFields/<index>\"}]'");
    }
  }
  return notes;
}

// An object git declares that the app does not own, as audit shows it.
void show_claim(const Classified& classified, AuditRow& row) {
  const auto& claim = classified.claim;
  if (classified.conflict) {
    row.state = "Conflict";
    row.category = AuditCategory::conflict;
    row.notes.push_back("held by " + claim.holder + ": " + claim.detail);
  } else if (claim.holder != "unmanaged") {
    row.state = "Foreign";
    row.category = AuditCategory::foreign;
    row.notes.push_back("git declares it, but " + claim.detail +
                        "; the next sync needs --adopt to take it over");
  } else {
    row.state = "Unowned";
    row.category = AuditCategory::orphan;
    row.notes.push_back("exists, but the app does not own it (" + claim.detail +
                        "); the next sync needs --adopt to take it over");
  }
}

AuditRow audit_object(const ObjectState& object, const std::string& app,
                      const PruneContext& context) {
  AuditRow row;
  row.app = app;
  row.key = object.key;
  row.adopted = context.adopted.contains(object.key);
  if (row.adopted) {
    row.notes.push_back("adopted with --adopt: it existed before this app");
  }
  // An object outside the inventory that git declares: who holds it, if not this app.
  if (object.desired && object.live && !object.in_inventory) {
    if (auto claim = classify_claim(object, app, {})) {
      show_claim(*claim, row);
      return row;
    }
  }
  const auto tracking =
      object.live ? annotation_of(*object.live, keys::k_tracking_annotation) : std::nullopt;
  const bool claimed_by_other = tracking && !tracking->starts_with(app + ":");
  if (object.desired) {
    if (!object.live) {
      row.state = "Missing";
      row.category = AuditCategory::drift;
      return row;
    }
    if (auto owner = foreign_owner(*object.live, app)) {
      row.state = "Foreign";
      row.category = AuditCategory::foreign;
      row.notes.push_back("git declares it, but it " + *owner);
    } else if (claimed_by_other) {
      row.state = "Conflict";
      row.category = AuditCategory::conflict;
      row.notes.push_back("also claimed by " + *tracking);
    }
    if (object.state == SyncState::modified) {
      row.drift = object.drift;
      if (row.state.empty()) {
        row.state = "Drifted";
        row.category = AuditCategory::drift;
      }
    }
    if (row.state.empty()) {
      row.state = "InSync";
    }
    auto stale = stale_ownership_notes(object.desired->object, *object.live);
    row.notes.insert(row.notes.end(), stale.begin(), stale.end());
    return row;
  }
  const auto decision = decide_prune(object, app, context);
  row.prune_action = decision.prune ? "prune" : "keep";
  row.prune_reason = decision.reason;
  if (decision.prune) {
    row.state = "Extra";
  } else if (foreign_owner(*object.live, app)) {
    row.state = "Foreign";
    row.category = AuditCategory::foreign;
  } else if (claimed_by_other) {
    row.state = "Conflict";
    row.category = AuditCategory::conflict;
  } else {
    row.state = "Orphan";
    row.category = AuditCategory::orphan;
  }
  return row;
}

const std::vector<ApiResource>& unmanaged_kinds() {
  static const std::vector<ApiResource> kinds = {
      builtin_kind("apps", "Deployment"), builtin_kind("apps", "StatefulSet"),
      builtin_kind("apps", "DaemonSet"),  builtin_kind("", "Service"),
      builtin_kind("", "ConfigMap"),      builtin_kind("", "Secret"),
      builtin_kind("batch", "CronJob"),   builtin_kind("networking.k8s.io", "Ingress"),
  };
  return kinds;
}

// Objects in the apps' namespaces that no GitOps tool claims: candidates for
// drift nobody will ever notice.
Result<std::size_t> count_unmanaged(Cluster& cluster, const std::set<std::string>& namespaces,
                                    const std::string& any_app) {
  auto objects = cluster.list(unmanaged_kinds(), "!" + std::string(keys::k_app_label));
  if (!objects) {
    return std::unexpected(objects.error());
  }
  std::size_t count = 0;
  for (const auto& object : *objects) {
    const auto ns = namespace_of(object);
    if (!namespaces.contains(ns) || foreign_owner(object, any_app)) {
      continue;
    }
    // Objects the cluster itself makes: in every namespace, and the API's own Service.
    const bool api_service =
        kind_of(object) == "Service" && ns == "default" && name_of(object) == "kubernetes";
    if (name_of(object) == "kube-root-ca.crt" || api_service ||
        object.value("type", "") == "kubernetes.io/service-account-token") {
      continue;
    }
    if (object.contains("metadata") && object["metadata"].contains("ownerReferences")) {
      continue;  // made by a controller from something else
    }
    ++count;
  }
  return count;
}

}  // namespace

Result<AuditReport> run_audit(Cluster& cluster, GitSource& git, const std::vector<AppSpec>& apps,
                              bool all_apps, const std::string& kubectl) {
  AuditReport report;
  std::map<ResourceKey, std::vector<std::string>> claims;
  std::set<std::string> namespaces;
  for (const auto& app : apps) {
    report.apps.push_back(app.name);
    auto inventory = load_inventory(cluster, app.name);
    if (!inventory) {
      return std::unexpected(inventory.error());
    }
    // The inventory claims its members even when the app's source is unreadable.
    if (*inventory) {
      for (const auto& member : (*inventory)->members) {
        claims[member].push_back(app.name);
      }
    }
    auto loaded = load_app(git, &cluster, app, kubectl);
    if (!loaded) {
      report.errors.push_back(app.name + ": " + to_string(loaded.error()));
      continue;
    }
    // Every kind is searched, so a copy of the app's label anywhere is found,
    // and what git declares without the label too.
    auto compared = compare_loaded_app(
        cluster, *loaded, app,
        {.search = KindSearch::every, .check_reach = false, .inventory = &*inventory});
    if (!compared) {
      return std::unexpected(compared.error());
    }
    const auto& reconciliation = compared->reconciliation;
    const auto context =
        load_prune_context(cluster, loaded->scope, reconciliation, *inventory, app.name);
    for (const auto& object : reconciliation.objects) {
      report.rows.push_back(audit_object(object, app.name, context));
      if (!object.key.ns.empty()) {
        namespaces.insert(object.key.ns);
      }
    }
  }
  // An object two inventories list is a conflict, whatever its annotation says.
  for (auto& row : report.rows) {
    const auto found = claims.find(row.key);
    if (found != claims.end() && found->second.size() > 1) {
      row.state = "Conflict";
      row.category = AuditCategory::conflict;
      row.notes.push_back("listed in the inventories of " + join(found->second, ", "));
    }
  }
  if (all_apps && !apps.empty()) {
    auto unmanaged = count_unmanaged(cluster, namespaces, apps.front().name);
    if (!unmanaged) {
      return std::unexpected(unmanaged.error());
    }
    report.unmanaged = *unmanaged;
  }
  return report;
}

Json audit_to_json(const AuditReport& report) {
  Json objects = Json::array();
  std::map<std::string, std::size_t> summary;
  for (const auto& row : report.rows) {
    ++summary[row.state];
    Json drift = Json::array();
    for (const auto& field : row.drift) {
      // Every entry has every key; null when no manager owns the field.
      const auto owned = [&](const std::string FieldOwner::*member) {
        return field.owner ? Json((*field.owner).*member) : Json();
      };
      drift.push_back({{"path", field.path},
                       {"manager", owned(&FieldOwner::manager)},
                       {"operation", owned(&FieldOwner::operation)},
                       {"subresource", owned(&FieldOwner::subresource)},
                       {"time", owned(&FieldOwner::time)}});
    }
    objects.push_back({{"app", row.app},
                       {"group", row.key.group},
                       {"kind", row.key.kind},
                       {"namespace", row.key.ns},
                       {"name", row.key.name},
                       {"state", row.state},
                       {"category", row.category ? to_string(*row.category) : ""},
                       {"prune", {{"action", row.prune_action}, {"reason", row.prune_reason}}},
                       {"drift", drift},
                       {"adopted", row.adopted},
                       {"notes", row.notes}});
  }
  Json json{{"apps", report.apps},
            {"objects", objects},
            {"summary", summary},
            {"errors", report.errors},
            {"unmanaged", report.unmanaged ? Json(*report.unmanaged) : Json()}};
  return json;
}

void print_audit_table(const AuditReport& report, bool color, std::ostream& out) {
  auto paint = [color](const std::string& state) {
    if (!color) {
      return state;
    }
    const char* code = state == "InSync"                          ? "\033[32m"
                       : state == "Drifted" || state == "Missing" ? "\033[33m"
                                                                  : "\033[31m";
    return std::string(code) + state + "\033[0m";
  };
  for (const auto& row : report.rows) {
    out << row.app << "  " << to_string(row.key) << "  " << paint(row.state);
    if (!row.prune_action.empty()) {
      out << "  prune: " << (row.prune_action == "prune" ? "would delete" : "keeps it") << " ("
          << row.prune_reason << ")";
    }
    out << "\n";
    for (const auto& field : row.drift) {
      out << "    " << field.path;
      if (field.owner) {
        out << " changed by " << field.owner->manager << " (" << field.owner->operation
            << (field.owner->subresource.empty() ? "" : ", subresource " + field.owner->subresource)
            << (field.owner->time.empty() ? "" : ", at " + field.owner->time) << ")";
      }
      out << "\n";
    }
    for (const auto& note : row.notes) {
      out << "    note: " << note << "\n";
    }
  }
  for (const auto& error : report.errors) {
    out << "error: " << error << "\n";
  }
  std::map<std::string, std::size_t> summary;
  for (const auto& row : report.rows) {
    ++summary[row.state];
  }
  out << report.rows.size() << " objects in " << report.apps.size() << " app(s):";
  for (const auto& [state, count] : summary) {
    out << " " << count << " " << state;
  }
  if (report.unmanaged) {
    out << "; " << *report.unmanaged << " unmanaged objects in the apps' namespaces";
  }
  out << "\n";
}

}  // namespace kgitops
