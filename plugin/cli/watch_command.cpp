#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/source_flags.hpp"
#include "core/exit_codes.hpp"
#include "watch/watch_service.hpp"

namespace kgitops {
namespace {

struct WatchFlags {
  SourceFlags source;
  std::string config;
  bool prune = false;
  std::string interval = "15s";
  std::string listen = "127.0.0.1:9090";
  std::string webhook_secret_file;
  std::string log_format = "text";
  int fight_limit = 5;
};

std::string read_file(const std::string& path, const char* what) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw Fatal{std::string("cannot read ") + what + " " + path, to_int(ExitCode::usage)};
  }
  std::ostringstream content;
  content << file.rdbuf();
  return content.str();
}

std::vector<WatchedApp> apps_of(const WatchFlags& flags, const GlobalFlags& globals) {
  if (!flags.config.empty()) {
    if (!flags.source.repo.empty()) {
      throw Fatal{"give either --config or --repo, not both", to_int(ExitCode::usage)};
    }
    auto apps = parse_watch_config(read_file(flags.config, "--config file"), flags.config);
    if (!apps) {
      throw Fatal{apps.error().message, to_int(ExitCode::usage)};
    }
    return *apps;
  }
  if (flags.source.repo.empty()) {
    throw Fatal{"--repo or --config is required", to_int(ExitCode::usage)};
  }
  auto app = to_app_spec(flags.source, globals);
  if (!app) {
    throw Fatal{app.error().message, to_int(ExitCode::usage)};
  }
  auto interval = parse_interval(flags.interval);
  if (!interval) {
    throw Fatal{interval.error().message, to_int(ExitCode::usage)};
  }
  return {WatchedApp{*app, flags.prune, *interval}};
}

int run(const WatchFlags& flags, const GlobalFlags& globals) {
  WatchOptions options;
  options.apps = apps_of(flags, globals);
  options.cluster = globals.cluster_options();
  options.cache_dir = cache_dir();
  options.listen = flags.listen;
  options.log_format = flags.log_format == "json" ? LogFormat::json : LogFormat::text;
  options.fight_limit = flags.fight_limit;
  if (!flags.webhook_secret_file.empty()) {
    auto secret = read_file(flags.webhook_secret_file, "--webhook-secret-file");
    while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) {
      secret.pop_back();
    }
    if (secret.empty()) {
      throw Fatal{"the webhook secret file " + flags.webhook_secret_file + " is empty",
                  to_int(ExitCode::usage)};
    }
    options.webhook_secret = std::move(secret);
  }
  auto watched = run_watch(options, std::cout);
  if (!watched) {
    throw Fatal{watched.error().message, to_int(ExitCode::error)};
  }
  return to_int(ExitCode::ok);
}

}  // namespace

CommandSpec watch_command() {
  return CommandSpec{
      "watch", "Keep the cluster in sync continuously, healing drift as it happens",
      [](CLI::App& command, const GlobalFlags& globals) {
        auto flags = std::make_shared<WatchFlags>();
        add_source_flags(command, flags->source);
        command.get_option("--repo")->required(false);
        command.add_option("--config", flags->config,
                           "YAML list of apps {name, repo, revision, path, namespace, prune, "
                           "interval} to watch in one process");
        command.add_flag("--prune", flags->prune,
                         "Delete objects this app owns that git no longer declares");
        command.add_option("--interval", flags->interval,
                           "How often to fetch git and reconcile, e.g. 15s, 2m (±10% jitter)");
        command.add_option("--listen", flags->listen,
                           "Address of /metrics, /healthz, /readyz and /hooks/* (port 0: any)");
        command.add_option("--webhook-secret-file", flags->webhook_secret_file,
                           "File holding the webhook secret; without it, hooks are refused");
        command.add_option("--log-format", flags->log_format, "text or json")
            ->check(CLI::IsMember({"text", "json"}));
        command
            .add_option("--fight-limit", flags->fight_limit,
                        "Heals of one object within 60s before it counts as a fight")
            ->check(CLI::PositiveNumber);
        return std::function<int()>([flags, &globals] { return run(*flags, globals); });
      },
      "# Sync a repository continuously, healing drift within a second\n"
      "kubectl gitops watch --repo https://github.com/example/shop --path deploy -n shop\n"
      "# Several apps in one process\n"
      "kubectl gitops watch --config apps.yaml --listen 0.0.0.0:9090\n"};
}

}  // namespace kgitops
