#include <sys/ioctl.h>
#include <unistd.h>

#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/source_flags.hpp"
#include "cli/sync_command.hpp"
#include "core/duration.hpp"
#include "core/exit_codes.hpp"
#include "engine/sync.hpp"
#include "output/health_progress.hpp"

namespace kgitops {
namespace {

std::size_t terminal_width(int fd) {
  winsize size{};
  if (::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    return size.ws_col;
  }
  return 100;
}

std::string seconds_text(std::chrono::milliseconds duration) {
  const auto tenths = duration.count() / 100;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + "s";
}

// Reports how a health wait ended; returns the exit code for it.
// `final_wait`: the wait of --wait, not one between sync waves.
int report_health(const HealthWaitResult& health, bool final_wait) {
  if (health.outcome == HealthWaitOutcome::healthy) {
    if (!final_wait) {
      return to_int(ExitCode::ok);
    }
    std::cout << "healthy: " << health.objects.size() << " object(s) after "
              << seconds_text(health.waited) << "\n";
    return to_int(ExitCode::ok);
  }
  const bool timed_out = health.outcome == HealthWaitOutcome::timed_out;
  std::cerr << "kubectl-gitops: error: "
            << (timed_out ? "timed out waiting for health after " : "an object is degraded after ")
            << seconds_text(health.waited) << "; not healthy:\n";
  for (const auto& object : health.blocking) {
    std::cerr << "  " << to_string(object.key) << ": " << to_string(object.health.state)
              << (object.health.message.empty() ? "" : ": " + object.health.message) << "\n";
  }
  return to_int(timed_out ? ExitCode::timeout : ExitCode::degraded);
}

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
  auto options = to_sync_options(flags, globals);
  if (!options) {
    throw Fatal{options.error().message, to_int(ExitCode::usage)};
  }
  // On a terminal one line is rewritten in place; in logs, a line per change.
  std::unique_ptr<HealthProgress> progress;
  if (is_terminal(1)) {
    progress = std::make_unique<TerminalHealthProgress>(std::cout, terminal_width(1));
  } else {
    progress = std::make_unique<LineHealthProgress>(std::cout);
  }
  options->progress = progress.get();
  auto cluster = make_cluster(cluster_options_for(globals.cluster_options(), options->app.reach));
  auto git = make_libgit2_source(cache_dir(), globals.git_fetch_timeout());
  auto report = run_sync(*cluster, *git, *options, ask_to_confirm, std::cout);
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
            << " created, ";
  // Only a sync with --adopt adopts: the usual line stays as scripts know it.
  if (const auto adopted = report->count(ObjectAction::adopted); adopted > 0) {
    std::cout << adopted << " adopted, ";
  }
  // Only an object that opts in to it is replaced: shown when it happens.
  if (const auto replaced = report->count(ObjectAction::replaced); replaced > 0) {
    std::cout << replaced << " replaced, ";
  }
  std::cout << report->count(ObjectAction::configured) << " configured, "
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
    if (report->count(ObjectAction::failed) > 0 && flags.prune && !report->dry_run) {
      std::cerr << "kubectl-gitops: nothing was pruned because an apply failed\n";
    }
    return to_int(ExitCode::error);
  }
  std::cout << "\n";
  for (const auto& run : report->hook_runs) {
    if (run.result == "Failed") {
      std::cerr << "kubectl-gitops: error: " << to_string(run.phase) << " hook "
                << to_string(run.key) << " failed: " << run.detail << "\n";
    }
  }
  if (report->hook_failed()) {
    return to_int(ExitCode::error);
  }
  if (report->health) {
    return report_health(*report->health, flags.wait);
  }
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
    "kubectl gitops sync --repo ./deploy --app shop --dry-run --context staging\n"
    "\n"
    "# Return only once every object is healthy; fail after 3 minutes otherwise\n"
    "kubectl gitops sync --repo https://github.com/example/shop --path prod --wait --timeout 3m\n";

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
  return CommandSpec{
      "sync", "Apply the repository's manifests and prune what git no longer declares",
      [](CLI::App& command, const GlobalFlags& globals) {
        auto flags = std::make_shared<SyncFlags>();
        add_sync_flags(command, *flags);
        return std::function<int()>([flags, &globals] { return run(*flags, globals); });
      },
      k_sync_examples};
}

}  // namespace kgitops
