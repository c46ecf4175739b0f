#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/source_flags.hpp"
#include "core/exit_codes.hpp"
#include "engine/sync.hpp"

namespace kgitops {
namespace {

struct SyncFlags {
  SourceFlags source;
  bool prune = false;
  bool dry_run = false;
  bool allow_empty = false;
  bool confirm_prune = false;
};

// Asks on a terminal; elsewhere the answer is no, so a script never prunes
// past the bound without --confirm-prune.
bool ask_to_confirm(const PrunePlan& plan) {
  if (!is_terminal(0) || !is_terminal(2)) {
    return false;
  }
  std::cerr << "About to prune " << plan.to_delete.size() << " of " << plan.inventory_size
            << " objects:\n";
  for (const auto& object : plan.to_delete) {
    std::cerr << "  " << to_string(object.key) << "\n";
  }
  std::cerr << "Prune them? [y/N] ";
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "y" || answer == "yes";
}

int run(const SyncFlags& flags, const GlobalFlags& globals) {
  auto app = to_app_spec(flags.source, globals);
  if (!app) {
    throw Fatal{app.error().message, to_int(ExitCode::usage)};
  }
  SyncOptions options;
  options.app = *app;
  options.prune = flags.prune;
  options.dry_run = flags.dry_run;
  options.allow_empty = flags.allow_empty;
  options.confirm_prune = flags.confirm_prune;
  const auto cluster_options = globals.cluster_options();
  options.kubectl = cluster_options.kubectl;
  auto cluster = make_kubectl_cluster(cluster_options);
  auto git = make_libgit2_source(cache_dir());
  auto report = run_sync(*cluster, *git, options, ask_to_confirm, std::cout);
  if (!report) {
    throw Fatal{report.error().message, to_int(ExitCode::error)};
  }
  if (!report->refusal.empty()) {
    throw Fatal{report->refusal, to_int(ExitCode::refused)};
  }
  for (const auto& kept : report->kept) {
    std::cout << to_string(kept.key) << " kept: " << kept.reason << "\n";
  }
  std::cout << (report->dry_run ? "dry run of app " : "app ") << report->app << " at "
            << report->commit.substr(0, 12) << ": " << report->count(ObjectAction::created)
            << " created, " << report->count(ObjectAction::configured) << " configured, "
            << report->count(ObjectAction::pruned) << " pruned, " << report->unchanged
            << " unchanged";
  const auto failed =
      report->count(ObjectAction::failed) + report->count(ObjectAction::prune_failed);
  if (failed > 0) {
    std::cout << ", " << failed << " failed\n";
    for (const auto& outcome : report->outcomes) {
      if (outcome.action == ObjectAction::failed || outcome.action == ObjectAction::prune_failed) {
        std::cerr << "kubectl-gitops: error: " << to_string(outcome.key) << ": " << outcome.detail
                  << "\n";
      }
    }
    if (report->count(ObjectAction::failed) > 0 && flags.prune) {
      std::cerr << "kubectl-gitops: nothing was pruned because an apply failed\n";
    }
    return to_int(ExitCode::error);
  }
  std::cout << "\n";
  return to_int(ExitCode::ok);
}

const char* const k_sync_examples =
    "# Apply the manifests of the prod folder of a repository's release branch\n"
    "kubectl gitops sync --repo https://github.com/example/shop --revision release --path prod\n"
    "\n"
    "# Also delete what this app applied before and git no longer declares\n"
    "kubectl gitops sync --repo https://github.com/example/shop --path prod --prune\n"
    "\n"
    "# See what a sync would change on the staging cluster, writing nothing\n"
    "kubectl gitops sync --repo ./deploy --app shop --dry-run --context staging\n";

}  // namespace

CommandSpec sync_command() {
  return CommandSpec{
      "sync", "Apply the repository's manifests and prune what git no longer declares",
      [](CLI::App& command, const GlobalFlags& globals) {
        auto flags = std::make_shared<SyncFlags>();
        add_source_flags(command, flags->source);
        command.add_flag("--prune", flags->prune,
                         "Delete objects this app owns that git no longer declares");
        command.add_flag("--dry-run", flags->dry_run,
                         "Send every change as a server-side dry run; write nothing");
        command.add_flag("--allow-empty", flags->allow_empty,
                         "Allow a prune when git declares no objects at all");
        command.add_flag("--confirm-prune", flags->confirm_prune,
                         "Go ahead with a prune larger than the mass-deletion bound");
        return std::function<int()>([flags, &globals] { return run(*flags, globals); });
      },
      k_sync_examples};
}

}  // namespace kgitops
