#include <memory>
#include <ostream>
#include <utility>

#include "cli/audit_command.hpp"
#include "cli/commands.hpp"
#include "cli/output_flag.hpp"
#include "cli/source_flags.hpp"
#include "cluster/cluster.hpp"
#include "core/exit_codes.hpp"
#include "engine/app_status.hpp"
#include "engine/audit.hpp"
#include "engine/inventory.hpp"
#include "output/document.hpp"

namespace kgitops {
namespace {

// The app as its inventory recorded it: audit needs no source flags then.
// Its repository URL is cluster data: credentials go there only when the
// user named its host.
AppSpec app_from_inventory(const Inventory& inventory, const AuditRequest& request) {
  auto app = recorded_app(inventory);
  app.ignore_managers = request.app.ignore_managers;
  app.source.credentials = scope_for_recorded_repo(app.source.repo, request.trusted);
  return app;
}

// The apps to audit: every one the cluster records, the one --repo names, or
// the one --app names as its inventory recorded it.
Result<std::vector<AppSpec>> apps_to_audit(const AuditRequest& request, Cluster& cluster) {
  std::vector<AppSpec> apps;
  if (request.target == AuditTarget::all_apps) {
    auto inventories = list_inventories(cluster);
    if (!inventories) {
      return std::unexpected(inventories.error());
    }
    for (const auto& inventory : *inventories) {
      apps.push_back(app_from_inventory(inventory, request));
    }
  } else if (request.target == AuditTarget::repo) {
    apps.push_back(request.app);
  } else {
    const auto& name = request.app.name;
    auto inventory = load_inventory(cluster, name);
    if (!inventory) {
      return std::unexpected(inventory.error());
    }
    if (!*inventory) {
      return fail_with(ErrorKind::not_found, "app ", name,
                       " was never synced to this cluster; pass --repo");
    }
    apps.push_back(app_from_inventory(**inventory, request));
  }
  return apps;
}

Result<ExitCode> run(const AuditFlags& flags, const GlobalFlags& globals, CliEnvironment& env) {
  auto request = to_audit_request(flags, globals);
  if (!request) {
    return with_kind(ErrorKind::usage, request.error());
  }
  const auto cluster_options = globals.cluster_options();
  auto cluster = env.make_cluster(cluster_options);
  auto git = env.make_git(cache_dir(), globals.git_fetch_timeout());
  auto apps = apps_to_audit(*request, *cluster);
  if (!apps) {
    return std::unexpected(apps.error());
  }
  const bool all_apps = request->target == AuditTarget::all_apps;
  auto report = run_audit(*cluster, *git, *apps, all_apps, cluster_options.kubectl);
  if (!report) {
    return std::unexpected(report.error());
  }
  if (const auto format = to_output_format(flags.output); format == OutputFormat::table) {
    print_audit_table(*report, env.terminals.out, env.out);
  } else {
    print_document(versioned("AuditReport", audit_to_json(*report)), format, env.out);
  }
  // With -A an app whose source is gone is reported beside the others, which
  // are still worth auditing; but an audit that could not see everything
  // fails, so a clean --fail-on never hides an app nobody looked at.
  if (!report->errors.empty()) {
    return ExitCode::error;
  }
  for (const auto category : request->fail_on) {
    if (report->has(category)) {
      return ExitCode::differences;
    }
  }
  return ExitCode::ok;
}

const char* const k_audit_examples =
    "# Audit one app against the source it was last synced from\n"
    "kubectl gitops audit --app shop\n"
    "\n"
    "# Every app the cluster records, as JSON\n"
    "kubectl gitops audit -A -o json\n"
    "\n"
    "# Fail a CI job when the cluster drifted from git or holds orphans\n"
    "kubectl gitops audit -A --fail-on drift,orphan\n";

}  // namespace

void add_audit_flags(CLI::App& command, AuditFlags& flags) {
  command.add_option("--repo", flags.source.repo,
                     "Audit against this repository (default: the app's recorded source)");
  command.add_option("--revision", flags.source.revision, "Branch, tag or commit");
  command.add_option("--path", flags.source.path, "Folder inside the repository");
  command.add_option("--app", flags.source.app, "The app to audit");
  command.add_option("--ignore-manager", flags.source.ignore_managers,
                     "Leave fields owned by this field manager out of drift; repeatable");
  add_insecure_http_flag(command, flags.source.insecure_http);
  add_credentials_host_flag(command, flags.credentials_hosts);
  command.add_flag("-A,--all-apps", flags.all_apps, "Every app the cluster records");
  add_output_flag(command, flags.output);
  command
      .add_option("--fail-on", flags.fail_on,
                  "Exit 1 when any of these is found: drift, orphan, conflict, foreign")
      ->delimiter(',');
}

Result<AuditRequest> to_audit_request(const AuditFlags& flags, const GlobalFlags& globals) {
  AuditRequest request;
  for (const auto& name : flags.fail_on) {
    auto category = parse_audit_category(name);
    if (!category) {
      return fail("--fail-on: unknown category '", name,
                  "' (use drift, orphan, conflict, foreign)");
    }
    request.fail_on.push_back(*category);
  }
  request.app.ignore_managers = flags.source.ignore_managers;
  request.trusted = TrustedHosts{flags.credentials_hosts, flags.source.insecure_http};
  // A flag that would be ignored is refused: the audit would not be the one asked for.
  for (const auto& [flag, value] :
       {std::pair{"--revision", &flags.source.revision}, std::pair{"--path", &flags.source.path}}) {
    if (flags.source.repo.empty() && !value->empty()) {
      return fail(flag,
                  " goes with --repo: without it, an app is audited against the source it "
                  "was last synced from");
    }
  }
  if (flags.all_apps) {
    for (const auto& [flag, value] :
         {std::pair{"--repo", &flags.source.repo}, std::pair{"--app", &flags.source.app}}) {
      if (!value->empty()) {
        return fail("-A audits every app the cluster records: give ", flag,
                    " without -A to audit one app");
      }
    }
    request.target = AuditTarget::all_apps;
  } else if (!flags.source.repo.empty()) {
    if (!flags.credentials_hosts.empty()) {
      return fail(
          "--auth-host is for the repositories the cluster records; with --repo, "
          "credentials go to its host");
    }
    auto app = to_app_spec(flags.source, globals);
    if (!app) {
      return std::unexpected(app.error());
    }
    request.target = AuditTarget::repo;
    request.app = *app;
  } else if (!flags.source.app.empty()) {
    if (auto valid = validate_app_name(flags.source.app); !valid) {
      return with_context("--app", valid.error());
    }
    request.target = AuditTarget::recorded;
    request.app.name = flags.source.app;
  } else {
    return fail("audit needs --app, --repo or -A");
  }
  return request;
}

CommandSpec audit_command() {
  return CommandSpec{"audit", "Show who owns what, who changed it, and what prune would touch",
                     [](CLI::App& command, const GlobalFlags& globals) {
                       auto flags = std::make_shared<AuditFlags>();
                       add_audit_flags(command, *flags);
                       return CommandHandler([flags, &globals](CliEnvironment& env) {
                         return run(*flags, globals, env);
                       });
                     },
                     k_audit_examples};
}

}  // namespace kgitops
