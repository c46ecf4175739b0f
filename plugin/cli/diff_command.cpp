#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/source_flags.hpp"
#include "core/exit_codes.hpp"
#include "engine/app_comparison.hpp"
#include "engine/immutable_fields.hpp"
#include "engine/replace.hpp"
#include "output/diff_report.hpp"

namespace kgitops {
namespace {

int run(const SourceFlags& flags, const GlobalFlags& globals) {
  auto app = to_app_spec(flags, globals);
  if (!app) {
    throw Fatal{app.error().message, to_int(ExitCode::usage)};
  }
  const auto cluster_options = cluster_options_for(globals.cluster_options(), app->reach);
  auto cluster = make_cluster(cluster_options);
  auto git = make_libgit2_source(cache_dir(), globals.git_fetch_timeout());
  auto compared = compare_app(*git, *cluster, *app, cluster_options.kubectl);
  if (!compared) {
    throw Fatal{compared.error().message, to_int(ExitCode::error)};
  }
  if (!compared->reach_refusal.empty()) {
    throw Fatal{compared->reach_refusal, to_int(ExitCode::refused)};
  }
  bool differs =
      print_diff(compared->reconciliation, app->name, DiffStyle{is_terminal(1)}, std::cout);
  // A change the server refuses on an immutable field: replaced, or a failed sync.
  auto immutable = find_immutable_changes(*cluster, compared->reconciliation);
  if (!immutable) {
    throw Fatal{immutable.error().message, to_int(ExitCode::error)};
  }
  for (const auto& change : *immutable) {
    std::cout << "# " << to_string(change.key) << ": "
              << (change.replace_allowed
                      ? "would be replaced (" + immutable_summary(change.fields) + ")"
                      : "a sync would fail: " + immutable_error(change.fields))
              << "\n";
  }
  // Hooks run only with a sync that writes something; diff runs none.
  if (differs) {
    for (const auto& hook : compared->loaded.hooks) {
      std::cout << "# " << to_string(hook.phase) << " hook " << to_string(hook.object.key)
                << (hook.object.key.name.empty()
                        ? hook.object.object["metadata"].value("generateName", "") + "*"
                        : "")
                << ": would run with a sync\n";
    }
  }
  // What a sync would refuse to write, or need --adopt for.
  if (const auto problems = compared->ownership.problems({}); !problems.empty()) {
    std::cout << "a sync of app " << app->name << " would be refused:\n";
    for (const auto& problem : problems) {
      std::cout << "  " << problem << "\n";
    }
    differs = true;
  }
  return to_int(differs ? ExitCode::differences : ExitCode::ok);
}

const char* const k_diff_examples =
    "# Show how the cluster differs from the main branch (exit 1 when it does)\n"
    "kubectl gitops diff --repo https://github.com/example/shop --revision main --path prod\n"
    "\n"
    "# Leave out the replicas an HPA sets\n"
    "kubectl gitops diff --repo https://github.com/example/shop --path prod \\\n"
    "  --ignore-manager kube-controller-manager\n";

}  // namespace

CommandSpec diff_command() {
  return CommandSpec{
      "diff",
      "Show how the cluster differs from the repository (exit 0 in sync, 1 "
      "differences, >1 error)",
      [](CLI::App& command, const GlobalFlags& globals) {
        auto flags = std::make_shared<SourceFlags>();
        add_source_flags(command, *flags);
        return std::function<int()>([flags, &globals] { return run(*flags, globals); });
      },
      k_diff_examples};
}

}  // namespace kgitops
