#include <iostream>
#include <memory>
#include <utility>

#include "cli/audit_command.hpp"
#include "cli/commands.hpp"
#include "cli/source_flags.hpp"
#include "cluster/cluster.hpp"
#include "core/exit_codes.hpp"
#include "core/yaml_writer.hpp"
#include "engine/app_status.hpp"
#include "engine/audit.hpp"
#include "engine/inventory.hpp"

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

int run(const AuditFlags& flags, const GlobalFlags& globals) {
  auto request = to_audit_request(flags, globals);
  if (!request) {
    throw Fatal{request.error().message, to_int(ExitCode::usage)};
  }
  const auto cluster_options = globals.cluster_options();
  auto cluster = make_cluster(cluster_options);
  auto git = make_libgit2_source(cache_dir(), globals.git_fetch_timeout());
  std::vector<AppSpec> apps;
  if (request->target == AuditTarget::all_apps) {
    auto inventories = list_inventories(*cluster);
    if (!inventories) {
      throw Fatal{inventories.error().message, to_int(ExitCode::error)};
    }
    for (const auto& inventory : *inventories) {
      apps.push_back(app_from_inventory(inventory, *request));
    }
  } else if (request->target == AuditTarget::repo) {
    apps.push_back(request->app);
  } else {
    const auto& name = request->app.name;
    auto inventory = load_inventory(*cluster, name);
    if (!inventory) {
      throw Fatal{inventory.error().message, to_int(ExitCode::error)};
    }
    if (!*inventory) {
      throw Fatal{"app " + name + " was never synced to this cluster; pass --repo",
                  to_int(ExitCode::error)};
    }
    apps.push_back(app_from_inventory(**inventory, *request));
  }
  const bool all_apps = request->target == AuditTarget::all_apps;
  auto report = run_audit(*cluster, *git, apps, all_apps, cluster_options.kubectl);
  if (!report) {
    throw Fatal{report.error().message, to_int(ExitCode::error)};
  }
  if (flags.output == "json") {
    std::cout << audit_to_json(*report).dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
  } else if (flags.output == "yaml") {
    std::cout << to_yaml(audit_to_json(*report));
  } else {
    print_audit_table(*report, is_terminal(1), std::cout);
  }
  // With -A an app whose source is gone is reported beside the others, which
  // are still worth auditing; but an audit that could not see everything
  // fails, so a clean --fail-on never hides an app nobody looked at.
  if (!report->errors.empty()) {
    return to_int(ExitCode::error);
  }
  for (const auto category : request->fail_on) {
    if (report->has(category)) {
      return to_int(ExitCode::differences);
    }
  }
  return to_int(ExitCode::ok);
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
  command.add_option("-o,--output", flags.output, "table, json or yaml")
      ->check(CLI::IsMember({"table", "json", "yaml"}));
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
  return CommandSpec{
      "audit", "Show who owns what, who changed it, and what prune would touch",
      [](CLI::App& command, const GlobalFlags& globals) {
        auto flags = std::make_shared<AuditFlags>();
        add_audit_flags(command, *flags);
        return std::function<int()>([flags, &globals] { return run(*flags, globals); });
      },
      k_audit_examples};
}

}  // namespace kgitops
