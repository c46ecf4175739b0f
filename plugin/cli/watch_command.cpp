#include <charconv>
#include <fstream>
#include <memory>
#include <sstream>
#include <utility>

#include "cli/commands.hpp"
#include "cli/source_flags.hpp"
#include "cli/watch_command.hpp"
#include "core/exit_codes.hpp"
#include "core/files.hpp"
#include "watch/shard.hpp"
#include "watch/watch_service.hpp"

namespace kgitops {
namespace {

Result<std::string> read_named_file(const std::string& path, const char* what) {
  auto content = read_file(path);
  if (!content) {
    return fail("cannot read ", what, " ", path);
  }
  return *content;
}

Result<std::vector<WatchedApp>> apps_of(const WatchFlags& flags, const GlobalFlags& globals) {
  if (!flags.config.empty()) {
    if (!flags.source.repo.empty()) {
      return fail("give either --config or --repo, not both");
    }
    // The file sets these per app: a flag beside it would be silently ignored.
    const std::pair<const char*, bool> per_app[] = {
        {"--revision", !flags.source.revision.empty()},
        {"--path", !flags.source.path.empty()},
        {"--app", !flags.source.app.empty()},
        {"--ignore-manager", !flags.source.ignore_managers.empty()},
        {"--insecure-http", flags.source.insecure_http},
        {"--kustomize-allow-host", !flags.source.kustomize_allow_hosts.empty()},
        {"--values", !flags.source.helm.values.empty()},
        {"--set", !flags.source.helm.set.empty()},
        {"--max-render-bytes", flags.source.max_render_bytes != SourceFlags{}.max_render_bytes},
        {"--max-render-files", flags.source.max_render_files != SourceFlags{}.max_render_files},
        {"--allow-namespace", !flags.source.reach.allow_namespaces.empty()},
        {"--allow-kind", !flags.source.reach.allow_kinds.empty()},
        {"--no-cluster-scoped", flags.source.reach.no_cluster_scoped},
        {"--as", !flags.source.reach.as.empty()},
        {"--as-group", !flags.source.reach.as_groups.empty()},
        {"--prune", flags.prune},
        {"--adopt", flags.ownership.adopt},
        {"--take-over", flags.ownership.take_over},
        {"--interval", flags.interval != WatchFlags{}.interval},
        {"--namespace", !globals.ns.empty()},
    };
    for (const auto& [flag, given] : per_app) {
      if (given) {
        return fail(flag, " goes with --repo; with --config, set it for each app in ",
                    flags.config);
      }
    }
    auto text = read_named_file(flags.config, "--config file");
    if (!text) {
      return std::unexpected(text.error());
    }
    return parse_watch_config(*text, flags.config);
  }
  if (flags.source.repo.empty()) {
    return fail("--repo or --config is required");
  }
  auto app = to_app_spec(flags.source, globals);
  if (!app) {
    return std::unexpected(app.error());
  }
  auto interval = parse_interval(flags.interval);
  if (!interval) {
    return with_context("--interval", interval.error());
  }
  return std::vector<WatchedApp>{WatchedApp{*app, flags.prune, flags.ownership, *interval}};
}

Result<ExitCode> run(const WatchFlags& flags, const GlobalFlags& globals, CliEnvironment& env) {
  auto options = to_watch_options(flags, globals);
  if (!options) {
    return with_kind(ErrorKind::usage, options.error());
  }
  auto watched = run_watch(*options, real_watch_dependencies(*options), env.out);
  if (!watched) {
    return std::unexpected(watched.error());
  }
  return ExitCode::ok;
}

}  // namespace

void add_watch_flags(CLI::App& command, WatchFlags& flags) {
  add_source_flags(command, flags.source);
  command.get_option("--repo")->required(false);
  command.add_option("--config", flags.config,
                     "YAML list of apps {name, repo, revision, path, namespace, prune, adopt, "
                     "takeOver, interval, ignoreManagers, insecureHttp, kustomizeAllowHosts, "
                     "maxRenderBytes, maxRenderFiles, allowNamespaces, allowKinds, "
                     "noClusterScoped, as, asGroups} to watch in one process");
  command.add_flag("--prune", flags.prune,
                   "Delete objects this app owns that git no longer declares");
  add_ownership_flags(command, flags.ownership);
  command.add_option("--interval", flags.interval,
                     "How often to fetch git and reconcile, e.g. 15s, 2m (±10% jitter)");
  command.add_option("--listen", flags.listen,
                     "Address of /metrics, /healthz, /readyz and /hooks/* (port 0: any)");
  command.add_option("--webhook-secret-file", flags.webhook_secret_file,
                     "File holding the webhook secret; without it, hooks are refused");
  command.add_option("--shard", flags.shard,
                     "N/M: watch only the apps whose name hashes to shard N (from 0) of M, "
                     "so that M agents split one --config");
  command.add_flag("--leader-elect", flags.leader_elect,
                   "Sync and heal only while holding a coordination.k8s.io Lease; stand by "
                   "otherwise (for several replicas)");
  command.add_option("--leader-elect-namespace", flags.lease_namespace,
                     "Namespace of the Lease (default kubectl-gitops)");
  command.add_option("--leader-elect-name", flags.lease_name,
                     "Name of the Lease (default kubectl-gitops-watch); one per --shard");
  command.add_option("--log-format", flags.log_format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  const CLI::Validator positive(
      [](std::string& value) -> std::string {
        int number = 0;
        const auto* end = value.data() + value.size();
        const auto parsed = std::from_chars(value.data(), end, number);
        if (parsed.ec != std::errc{} || parsed.ptr != end || number < 1) {
          return "expected a whole number of at least 1, not '" + value + "'";
        }
        return {};
      },
      "", "POSITIVE");
  command
      .add_option("--fight-limit", flags.fight_limit,
                  "Heals of one object within 60s before it counts as a fight")
      ->check(positive);
  command
      .add_option("--max-concurrent-syncs", flags.max_concurrent_syncs,
                  "Apps reconciling at once; the others wait their turn (heals never wait)")
      ->check(positive);
  command
      .add_option("--max-concurrent-heals", flags.max_concurrent_heals,
                  "Objects healed at once, of as many apps; the others wait their turn")
      ->check(positive);
}

namespace {

// The apps this agent watches: all those listed, or its shard's.
Result<std::vector<WatchedApp>> watched_apps(const WatchFlags& flags, const GlobalFlags& globals) {
  auto apps = apps_of(flags, globals);
  if (!apps || flags.shard.empty()) {
    return apps;
  }
  auto shard = parse_shard(flags.shard);
  if (!shard) {
    return with_context("--shard", shard.error());
  }
  return apps_of_shard(*apps, *shard);
}

}  // namespace

Result<WatchOptions> to_watch_options(const WatchFlags& flags, const GlobalFlags& globals) {
  WatchOptions options;
  auto apps = watched_apps(flags, globals);
  if (!apps) {
    return std::unexpected(apps.error());
  }
  options.apps = std::move(*apps);
  if (!flags.config.empty()) {
    options.reload = [flags, globals] { return watched_apps(flags, globals); };
  }
  if (flags.leader_elect) {
    LeaderElectionOptions election;
    if (!flags.lease_namespace.empty()) {
      election.ns = flags.lease_namespace;
    }
    if (!flags.lease_name.empty()) {
      election.name = flags.lease_name;
    }
    options.leader_election = election;
  } else if (!flags.lease_namespace.empty() || !flags.lease_name.empty()) {
    return fail(flags.lease_name.empty() ? "--leader-elect-namespace" : "--leader-elect-name",
                " goes with --leader-elect");
  }
  options.cluster = globals.cluster_options();
  options.git_timeout = globals.git_fetch_timeout();
  options.cache_dir = cache_dir();
  options.listen = flags.listen;
  options.log_format = flags.log_format == "json" ? LogFormat::json : LogFormat::text;
  options.fight_limit = flags.fight_limit;
  options.max_concurrent_syncs = flags.max_concurrent_syncs;
  options.max_concurrent_heals = flags.max_concurrent_heals;
  options.watch_own_apps_only = !flags.shard.empty();
  if (!flags.webhook_secret_file.empty()) {
    auto secret = read_named_file(flags.webhook_secret_file, "--webhook-secret-file");
    if (!secret) {
      return std::unexpected(secret.error());
    }
    while (!secret->empty() && (secret->back() == '\n' || secret->back() == '\r')) {
      secret->pop_back();
    }
    if (secret->empty()) {
      return fail("the webhook secret file ", flags.webhook_secret_file, " is empty");
    }
    options.webhook_secret = std::move(*secret);
  }
  return options;
}

CommandSpec watch_command() {
  return CommandSpec{
      "watch", "Keep the cluster in sync continuously, healing drift as it happens",
      [](CLI::App& command, const GlobalFlags& globals) {
        auto flags = std::make_shared<WatchFlags>();
        add_watch_flags(command, *flags);
        return CommandHandler(
            [flags, &globals](CliEnvironment& env) { return run(*flags, globals, env); });
      },
      "# Sync a repository continuously, healing drift within a second\n"
      "kubectl gitops watch --repo https://github.com/example/shop --path deploy -n shop\n"
      "\n"
      "# Several apps in one process\n"
      "kubectl gitops watch --config apps.yaml --listen 0.0.0.0:9090\n"};
}

}  // namespace kgitops
