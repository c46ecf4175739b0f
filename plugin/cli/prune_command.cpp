#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/prune_command.hpp"
#include "cli/source_flags.hpp"
#include "core/exit_codes.hpp"
#include "engine/app_comparison.hpp"
#include "engine/prune_context.hpp"
#include "engine/prune_plan.hpp"
#include "engine/reach_check.hpp"

namespace kgitops {
namespace {

int run(const PruneFlags& flags, const GlobalFlags& globals) {
  auto app = to_prune_app(flags, globals);
  if (!app) {
    throw Fatal{app.error().message, to_int(ExitCode::usage)};
  }
  const auto cluster_options = cluster_options_for(globals.cluster_options(), app->reach);
  auto cluster = make_cluster(cluster_options);
  auto git = make_libgit2_source(cache_dir(), globals.git_fetch_timeout());
  // Every kind: a copy of the app's label on any object is shown as kept.
  auto compared = compare_app(*git, *cluster, *app, cluster_options.kubectl, KindSearch::every);
  if (!compared) {
    throw Fatal{compared.error().message, to_int(ExitCode::error)};
  }
  if (!compared->reach_refusal.empty()) {
    throw Fatal{compared->reach_refusal, to_int(ExitCode::refused)};
  }
  const auto context = load_prune_context(*cluster, compared->loaded.scope,
                                          compared->reconciliation, compared->inventory, app->name);
  auto plan = plan_prune(compared->reconciliation, app->name,
                         compared->inventory ? compared->inventory->members.size() : 0, context);
  keep_within_reach(plan, compared->loaded.scope, app->reach);
  for (const auto& object : plan.to_delete) {
    std::cout << "would prune " << to_string(object.key)
              << ": owned by this app and no longer in git\n";
  }
  for (const auto& kept : plan.kept) {
    std::cout << "would keep  " << to_string(kept.key) << ": " << kept.reason << "\n";
  }
  const auto refusal = prune_refusal(plan, PruneBound{}, false, false);
  if (!refusal.empty()) {
    std::cout << "warning: " << refusal << "\n";
  }
  std::cout << "app " << app->name << ": " << plan.to_delete.size() << " would be pruned, "
            << plan.kept.size() << " kept\n";
  return to_int(ExitCode::ok);
}

const char* const k_prune_examples =
    "# List what a prune would delete, and what it would keep and why\n"
    "kubectl gitops prune --dry-run --repo https://github.com/example/shop --path prod\n"
    "\n"
    "# Then delete it: sync prunes\n"
    "kubectl gitops sync --prune --repo https://github.com/example/shop --path prod\n";

}  // namespace

void add_prune_flags(CLI::App& command, PruneFlags& flags) {
  add_source_flags(command, flags.source);
  command.add_flag("--dry-run", flags.dry_run, "List what would be pruned (required)");
}

Result<AppSpec> to_prune_app(const PruneFlags& flags, const GlobalFlags& globals) {
  if (!flags.dry_run) {
    return fail(
        "prune deletes nothing by itself: review with 'kubectl gitops prune --dry-run', "
        "then run 'kubectl gitops sync --prune'");
  }
  return to_app_spec(flags.source, globals);
}

CommandSpec prune_command() {
  return CommandSpec{
      "prune", "Show what prune would delete and what it would keep, and why",
      [](CLI::App& command, const GlobalFlags& globals) {
        auto flags = std::make_shared<PruneFlags>();
        add_prune_flags(command, *flags);
        return std::function<int()>([flags, &globals] { return run(*flags, globals); });
      },
      k_prune_examples};
}

}  // namespace kgitops
