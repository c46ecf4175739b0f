#include <memory>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/messages.hpp"
#include "cli/output_flag.hpp"
#include "cli/prune_command.hpp"
#include "cli/source_flags.hpp"
#include "core/exit_codes.hpp"
#include "engine/app_comparison.hpp"
#include "engine/prune_context.hpp"
#include "engine/prune_plan.hpp"
#include "engine/reach_check.hpp"
#include "output/prune_json.hpp"

namespace kgitops {
namespace {

Result<ExitCode> run(const PruneFlags& flags, const GlobalFlags& globals, CliEnvironment& env) {
  auto app = to_prune_app(flags, globals);
  if (!app) {
    return with_kind(ErrorKind::usage, app.error());
  }
  const auto cluster_options = cluster_options_for(globals.cluster_options(), app->reach);
  auto cluster = env.make_cluster(cluster_options);
  auto git = env.make_git(cache_dir(), globals.git_fetch_timeout());
  // Every kind: a copy of the app's label on any object is shown as kept.
  auto compared =
      compare_app(*git, *cluster, *app, cluster_options.kubectl, {.search = KindSearch::every});
  if (!compared) {
    return std::unexpected(compared.error());
  }
  if (!compared->reach_refusal.empty()) {
    return fail_with(ErrorKind::refused, compared->reach_refusal);
  }
  const auto context = load_prune_context(*cluster, compared->loaded.scope,
                                          compared->reconciliation, compared->inventory, app->name);
  auto plan = plan_prune(compared->reconciliation, app->name,
                         compared->inventory ? compared->inventory->members.size() : 0, context);
  keep_within_reach(plan, compared->loaded.scope, app->reach);
  const auto refusal = prune_refusal(plan, PruneBound{}, false, false);
  if (const auto format = to_output_format(flags.output); format != OutputFormat::table) {
    print_document(prune_to_json(app->name, compared->loaded.checkout.commit, plan, refusal),
                   format, env.out);
    return ExitCode::ok;
  }
  for (const auto& object : plan.to_delete) {
    env.out << "would prune " << to_string(object.key)
            << ": owned by this app and no longer in git\n";
  }
  for (const auto& kept : plan.kept) {
    env.out << "would keep  " << to_string(kept.key) << ": " << kept.reason << "\n";
  }
  if (!refusal.empty()) {
    print_warning(env.err, refusal);
  }
  env.out << "app " << app->name << ": " << plan.to_delete.size() << " would be pruned, "
          << plan.kept.size() << " kept\n";
  return ExitCode::ok;
}

const char* const k_prune_examples =
    "# List what a prune would delete, and what it would keep and why\n"
    "kubectl gitops prune --dry-run --repo https://github.com/example/shop --path prod\n"
    "\n"
    "# The same as JSON, for a script or a review bot\n"
    "kubectl gitops prune --dry-run --repo https://github.com/example/shop --path prod -o json\n"
    "\n"
    "# Then delete it: sync prunes\n"
    "kubectl gitops sync --prune --repo https://github.com/example/shop --path prod\n";

}  // namespace

void add_prune_flags(CLI::App& command, PruneFlags& flags) {
  add_source_flags(command, flags.source);
  command.add_flag("--dry-run", flags.dry_run, "List what would be pruned (required)");
  add_output_flag(command, flags.output);
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
  return CommandSpec{"prune", "Show what prune would delete and what it would keep, and why",
                     [](CLI::App& command, const GlobalFlags& globals) {
                       auto flags = std::make_shared<PruneFlags>();
                       add_prune_flags(command, *flags);
                       return CommandHandler([flags, &globals](CliEnvironment& env) {
                         return run(*flags, globals, env);
                       });
                     },
                     k_prune_examples};
}

}  // namespace kgitops
