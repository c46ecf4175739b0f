#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/source_flags.hpp"
#include "cli/status_command.hpp"
#include "core/exit_codes.hpp"
#include "core/yaml_writer.hpp"
#include "engine/app.hpp"
#include "engine/app_status.hpp"

namespace kgitops {
namespace {

int run(const StatusFlags& flags, const GlobalFlags& globals) {
  if (auto valid = check_status_flags(flags); !valid) {
    throw Fatal{valid.error().message, to_int(ExitCode::usage)};
  }
  const auto cluster_options = globals.cluster_options();
  auto cluster = make_cluster(cluster_options);
  auto git = make_libgit2_source(cache_dir(), globals.git_fetch_timeout());
  auto statuses =
      collect_status(*cluster, *git, flags.app, cluster_options.kubectl, to_trusted_hosts(flags));
  if (!statuses) {
    throw Fatal{statuses.error().message, to_int(ExitCode::error)};
  }
  if (!flags.app.empty() && statuses->empty()) {
    throw Fatal{"app " + flags.app + " was never synced to this cluster", to_int(ExitCode::error)};
  }
  Json document = Json::array();
  for (const auto& status : *statuses) {
    document.push_back(to_json(status));
  }
  if (flags.output == "json") {
    std::cout << document.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
  } else if (flags.output == "yaml") {
    std::cout << to_yaml(document);
  } else {
    print_status_table(*statuses, std::cout);
  }
  return to_int(ExitCode::ok);
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
  command.add_option("-o,--output", flags.output, "table, json or yaml")
      ->check(CLI::IsMember({"table", "json", "yaml"}));
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
  return CommandSpec{
      "status", "Show each app's source, last synced commit and sync state",
      [](CLI::App& command, const GlobalFlags& globals) {
        auto flags = std::make_shared<StatusFlags>();
        add_status_flags(command, *flags);
        return std::function<int()>([flags, &globals] { return run(*flags, globals); });
      },
      k_status_examples};
}

}  // namespace kgitops
