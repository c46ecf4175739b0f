#include <memory>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/messages.hpp"
#include "cli/output_flag.hpp"
#include "cli/source_flags.hpp"
#include "cli/sync_command.hpp"
#include "core/duration.hpp"
#include "core/exit_codes.hpp"
#include "engine/sync.hpp"
#include "output/health_progress.hpp"
#include "output/sync_event_printer.hpp"
#include "output/sync_json.hpp"

namespace kgitops {
namespace {

std::string seconds_text(std::chrono::milliseconds duration) {
  const auto tenths = duration.count() / 100;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + "s";
}

// Reports how a health wait ended; returns the exit code for it: a wait that
// ran its course is the sync's result, not an error.
// `final_wait`: the wait of --wait, not one between sync waves.
ExitCode report_health(const HealthWaitResult& health, bool final_wait, CliEnvironment& env,
                       bool quiet) {
  if (health.outcome == HealthWaitOutcome::healthy) {
    if (final_wait && !quiet) {
      env.out << "healthy: " << health.objects.size() << " object(s) after "
              << seconds_text(health.waited) << "\n";
    }
    return ExitCode::ok;
  }
  const bool timed_out = health.outcome == HealthWaitOutcome::timed_out;
  std::string message =
      (timed_out ? "timed out waiting for health after " : "an object is degraded after ") +
      seconds_text(health.waited) + "; not healthy:";
  for (const auto& object : health.blocking) {
    message += "\n  " + to_string(object.key) + ": " + to_string(object.health.state) +
               (object.health.message.empty() ? "" : ": " + object.health.message);
  }
  print_error(env.err, message);
  return timed_out ? ExitCode::timeout : ExitCode::degraded;
}

// Asks on a terminal; elsewhere the answer is no, so a script never prunes
// past the bound without --confirm-prune.
bool ask_to_confirm(const PrunePlan& plan, CliEnvironment& env) {
  if (!env.terminals.in || !env.terminals.err) {
    return false;
  }
  env.err << "About to prune " << plan.to_delete.size() << " of " << plan.inventory_size
          << " objects:\n";
  for (const auto& object : plan.to_delete) {
    env.err << "  " << to_string(object.key) << "\n";
  }
  env.err << "Prune them? [y/N] ";
  std::string answer;
  std::getline(env.in, answer);
  return answer == "y" || answer == "yes";
}

// "app shop at 0123456789ab: 1 created, 0 configured, 2 pruned, 3 unchanged"
void print_summary(const SyncReport& report, std::ostream& out) {
  out << (report.dry_run ? "dry run of app " : "app ") << report.app << " at "
      << report.commit.substr(0, 12) << ": " << report.count(ObjectAction::created) << " created, ";
  // Only a sync with --adopt adopts: the usual line stays as scripts know it.
  if (const auto adopted = report.count(ObjectAction::adopted); adopted > 0) {
    out << adopted << " adopted, ";
  }
  // Only an object that opts in to it is replaced: shown when it happens.
  if (const auto replaced = report.count(ObjectAction::replaced); replaced > 0) {
    out << replaced << " replaced, ";
  }
  out << report.count(ObjectAction::configured) << " configured, "
      << report.count(ObjectAction::pruned) << " pruned, " << report.unchanged << " unchanged";
  const auto failed = report.count(ObjectAction::failed) + report.count(ObjectAction::prune_failed);
  if (failed > 0) {
    out << ", " << failed << " failed";
  }
  out << "\n";
}

// Names each object that failed, then what that meant for the prune: after a
// failed apply nothing was pruned; after a failed delete, the rest was.
ExitCode report_failures(const SyncReport& report, bool prune, CliEnvironment& env) {
  for (const auto& outcome : report.outcomes) {
    if (outcome.action == ObjectAction::failed || outcome.action == ObjectAction::prune_failed) {
      print_error(env.err, to_string(outcome.key) + ": " + outcome.detail);
    }
  }
  const auto not_pruned = report.count(ObjectAction::prune_failed);
  if (not_pruned > 0) {
    const auto pruned = report.count(ObjectAction::pruned);
    print_error(env.err, "prune incomplete: " + std::to_string(pruned) + " of " +
                             std::to_string(pruned + not_pruned) +
                             " object(s) pruned; the others are still in the cluster and the "
                             "app's inventory, for the next sync to prune");
    return ExitCode::partial_prune;
  }
  if (prune && !report.dry_run) {
    print_error(env.err, "nothing was pruned because an apply failed");
  }
  return ExitCode::error;
}

Result<ExitCode> run(const SyncFlags& flags, const GlobalFlags& globals, CliEnvironment& env) {
  auto options = to_sync_options(flags, globals);
  if (!options) {
    return with_kind(ErrorKind::usage, options.error());
  }
  // A document for scripts is all that goes to stdout: the log and the
  // progress go to stderr then.
  const auto format = to_output_format(flags.output);
  const bool document = format != OutputFormat::table;
  auto& log = document ? env.err : env.out;
  const bool log_terminal = document ? env.terminals.err : env.terminals.out;
  // On a terminal one line is rewritten in place; in logs, a line per change.
  std::unique_ptr<HealthProgress> progress;
  if (log_terminal) {
    progress = std::make_unique<TerminalHealthProgress>(log, env.terminals.width);
  } else {
    progress = std::make_unique<LineHealthProgress>(log);
  }
  options->progress = progress.get();
  auto cluster =
      env.make_cluster(cluster_options_for(globals.cluster_options(), options->app.reach));
  auto git = env.make_git(cache_dir(), globals.git_fetch_timeout());
  const auto confirm = [&env](const PrunePlan& plan) { return ask_to_confirm(plan, env); };
  SyncEventPrinter printer(log);
  auto report = run_sync(*cluster, *git, *options, confirm, printer);
  if (!report) {
    return std::unexpected(report.error());
  }
  if (document) {
    print_document(sync_to_json(*report), format, env.out);
  }
  if (!report->refusal.empty()) {
    return fail_with(ErrorKind::refused, report->refusal);
  }
  if (!document) {
    for (const auto& kept : report->kept) {
      env.out << to_string(kept.key) << " kept: " << kept.reason << "\n";
    }
    print_summary(*report, env.out);
  }
  if (report->count(ObjectAction::failed) + report->count(ObjectAction::prune_failed) > 0) {
    return report_failures(*report, flags.prune, env);
  }
  for (const auto& hook : report->hook_runs) {
    if (hook.result == "Failed") {
      print_error(env.err, to_string(hook.phase) + " hook " + to_string(hook.key) +
                               " failed: " + hook.detail);
    }
  }
  if (report->hook_failed()) {
    return ExitCode::error;
  }
  if (report->health) {
    return report_health(*report->health, flags.wait, env, document);
  }
  return ExitCode::ok;
}

const char* const k_sync_examples =
    "# Apply the manifests of the prod folder of a repository's release branch\n"
    "kubectl gitops sync --repo https://github.com/example/shop --revision release --path prod\n"
    "\n"
    "# Also delete what this app applied before and git no longer declares\n"
    "kubectl gitops sync --repo https://github.com/example/shop --path prod --prune\n"
    "\n"
    "# See what a sync would change on the staging cluster, writing nothing\n"
    "kubectl gitops sync --repo ./deploy --app shop --dry-run --context staging\n"
    "\n"
    "# Return only once every object is healthy; fail after 3 minutes otherwise\n"
    "kubectl gitops sync --repo https://github.com/example/shop --path prod --wait --timeout 3m\n"
    "\n"
    "# What was applied, pruned and kept, as JSON on stdout (the log goes to stderr)\n"
    "kubectl gitops sync --repo https://github.com/example/shop --path prod -o json\n";

}  // namespace

void add_sync_flags(CLI::App& command, SyncFlags& flags) {
  add_source_flags(command, flags.source);
  command.add_flag("--prune", flags.prune,
                   "Delete objects this app owns that git no longer declares");
  command.add_flag("--dry-run", flags.dry_run,
                   "Send every change as a server-side dry run; write nothing");
  command.add_flag("--allow-empty", flags.allow_empty,
                   "Allow a prune when git declares no objects at all");
  command.add_flag("--confirm-prune", flags.confirm_prune,
                   "Go ahead with a prune larger than the mass-deletion bound");
  add_ownership_flags(command, flags.ownership);
  command.add_flag("--wait", flags.wait,
                   "After applying, wait until every object is healthy; fail on a "
                   "degraded object or at --timeout");
  command
      .add_option("--timeout", flags.timeout,
                  "How long to wait for health, with --wait and between sync waves "
                  "(e.g. 90s, 5m)")
      ->capture_default_str();
  add_output_flag(command, flags.output);
}

Result<SyncOptions> to_sync_options(const SyncFlags& flags, const GlobalFlags& globals) {
  auto app = to_app_spec(flags.source, globals);
  if (!app) {
    return std::unexpected(app.error());
  }
  // Both only loosen the prune's guards: alone they would silently do nothing.
  for (const auto& [set, flag] : {std::pair{flags.allow_empty, "--allow-empty"},
                                  std::pair{flags.confirm_prune, "--confirm-prune"}}) {
    if (set && !flags.prune) {
      return fail(flag, " only applies to a prune: add --prune");
    }
  }
  SyncOptions options;
  options.app = *app;
  options.prune = flags.prune;
  options.dry_run = flags.dry_run;
  options.allow_empty = flags.allow_empty;
  options.confirm_prune = flags.confirm_prune;
  options.ownership = flags.ownership;
  auto timeout = parse_duration(flags.timeout, "--timeout");
  if (!timeout) {
    return std::unexpected(timeout.error());
  }
  options.wait = flags.wait;
  // Health waits count whole seconds: round up, so that 500ms is not no time at all.
  options.health.timeout = std::chrono::ceil<std::chrono::seconds>(*timeout);
  options.kubectl = globals.cluster_options().kubectl;
  return options;
}

CommandSpec sync_command() {
  return CommandSpec{"sync",
                     "Apply the repository's manifests and prune what git no longer declares",
                     [](CLI::App& command, const GlobalFlags& globals) {
                       auto flags = std::make_shared<SyncFlags>();
                       add_sync_flags(command, *flags);
                       return CommandHandler([flags, &globals](CliEnvironment& env) {
                         return run(*flags, globals, env);
                       });
                     },
                     k_sync_examples};
}

}  // namespace kgitops
