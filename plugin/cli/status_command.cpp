#include <memory>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/output_flag.hpp"
#include "cli/source_flags.hpp"
#include "cli/status_command.hpp"
#include "core/exit_codes.hpp"
#include "engine/app.hpp"
#include "engine/app_status.hpp"
#include "output/document.hpp"

namespace kgitops {
namespace {

Result<ExitCode> run(const StatusFlags& flags, const GlobalFlags& globals, CliEnvironment& env) {
  if (auto valid = check_status_flags(flags); !valid) {
    return with_kind(ErrorKind::usage, valid.error());
  }
  const auto cluster_options = globals.cluster_options();
  auto cluster = env.make_cluster(cluster_options);
  auto git = env.make_git(cache_dir(), globals.git_fetch_timeout());
  auto statuses =
      collect_status(*cluster, *git, flags.app, cluster_options.kubectl, to_trusted_hosts(flags));
  if (!statuses) {
    return std::unexpected(statuses.error());
  }
  if (!flags.app.empty() && statuses->empty()) {
    return fail_with(ErrorKind::not_found, "app ", flags.app, " was never synced to this cluster");
  }
  const auto format = to_output_format(flags.output);
  if (format == OutputFormat::table) {
    print_status_table(*statuses, env.out);
    return ExitCode::ok;
  }
  // A list, as it always was: each app's document carries its version.
  Json document = Json::array();
  for (const auto& status : *statuses) {
    document.push_back(versioned("AppStatus", to_json(status)));
  }
  print_document(document, format, env.out);
  return ExitCode::ok;
}

const char* const k_status_examples =
    "# Show every app synced to the cluster of the current context\n"
    "kubectl gitops status\n"
    "\n"
    "# One app of the prod cluster, as JSON\n"
    "kubectl gitops status --app shop -o json --context prod\n";

}  // namespace

void add_status_flags(CLI::App& command, StatusFlags& flags) {
  command.add_option("--app", flags.app, "Only this app");
  add_output_flag(command, flags.output);
  add_credentials_host_flag(command, flags.credentials_hosts);
  add_insecure_http_flag(command, flags.insecure_http);
}

Result<void> check_status_flags(const StatusFlags& flags) {
  if (flags.app.empty()) {
    return {};
  }
  if (auto valid = validate_app_name(flags.app); !valid) {
    return with_context("--app", valid.error());
  }
  return {};
}

TrustedHosts to_trusted_hosts(const StatusFlags& flags) {
  return TrustedHosts{flags.credentials_hosts, flags.insecure_http};
}

CommandSpec status_command() {
  return CommandSpec{"status", "Show each app's source, last synced commit and sync state",
                     [](CLI::App& command, const GlobalFlags& globals) {
                       auto flags = std::make_shared<StatusFlags>();
                       add_status_flags(command, *flags);
                       return CommandHandler([flags, &globals](CliEnvironment& env) {
                         return run(*flags, globals, env);
                       });
                     },
                     k_status_examples};
}

}  // namespace kgitops
