#include "watch/watch_service.hpp"

#include <csignal>
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "cluster/kubectl_cluster.hpp"
#include "core/text.hpp"
#include "git/git_source.hpp"
#include "watch/app_worker.hpp"
#include "watch/cluster_probe.hpp"
#include "watch/http_server.hpp"
#include "watch/metrics.hpp"
#include "watch/recent_deliveries.hpp"

namespace kgitops {
namespace {

// How many webhook delivery ids are remembered to recognise a replay.
constexpr std::size_t k_remembered_deliveries = 1024;

// A worker's real dependencies: kubectl for the cluster and the kind
// watches, libgit2 for git.
AppWorkerDependencies real_dependencies(const WatchOptions& options) {
  AppWorkerDependencies dependencies;
  dependencies.cluster = make_kubectl_cluster(options.cluster);
  // A heal re-applies one object as a sync applied (and validated) it.
  dependencies.heal_cluster = make_kubectl_cluster_without_validation(options.cluster);
  dependencies.git = make_libgit2_source(options.cache_dir, options.git_timeout);
  dependencies.watch_kind = [kubectl = kubectl_args::base(options.cluster)](
                                const ApiResource& resource, const std::string& selector,
                                KindWatch::EventHandler on_event, KindWatch::Logger log) {
    return std::make_unique<KindWatcher>(kubectl, resource, selector, std::move(on_event),
                                         std::move(log));
  };
  return dependencies;
}

}  // namespace

Result<void> run_watch(const WatchOptions& options, std::ostream& out) {
  WatchLog log(out, options.log_format);
  Metrics metrics;
  std::vector<std::unique_ptr<AppWorker>> workers;
  for (const auto& watched : options.apps) {
    AppWorkerOptions worker_options;
    worker_options.watched = watched;
    worker_options.cluster = options.cluster;
    worker_options.fight_limit = options.fight_limit;
    workers.push_back(
        std::make_unique<AppWorker>(worker_options, real_dependencies(options), log, metrics));
  }

  boost::asio::io_context io;
  // Signals are caught before anything starts, so none is lost.
  boost::asio::signal_set signals(io, SIGTERM, SIGINT);
  HttpEndpoints endpoints;
  endpoints.metrics = &metrics;
  endpoints.webhook_secret = options.webhook_secret;
  endpoints.wake = [&workers, &log](const HookPayload& payload) {
    std::vector<std::string> woken;
    for (auto& worker : workers) {
      if (hook_concerns(payload, worker->followed_source())) {
        worker->wake();
        woken.push_back(worker->name());
      }
    }
    log.write(LogLevel::info, "",
              woken.empty() ? "webhook for no watched app" : "webhook received, fetching now",
              {{"event", payload.event.empty() ? "push" : payload.event},
               {"ref", payload.ref.value_or("")},
               {"apps", join(woken, ",")}});
    return woken;
  };
  RecentDeliveries deliveries(k_remembered_deliveries);
  endpoints.first_delivery = [&deliveries](const std::string& id) {
    return deliveries.remember(id);
  };
  ClusterProbe probe([&options] { return probe_apiserver(options.cluster); },
                     options.probe_interval,
                     [&log](bool reachable, const std::string& error) {
                       if (reachable) {
                         log.write(LogLevel::info, "", "the cluster answers again: ready");
                       } else {
                         log.write(LogLevel::error, "", "the cluster does not answer: not ready",
                                   {{"error", error}});
                       }
                     });
  endpoints.ready = [&workers, &probe] {
    if (!probe.reachable()) {
      return false;
    }
    for (const auto& worker : workers) {
      if (!worker->ready()) {
        return false;
      }
    }
    return true;
  };
  HttpServer server(io, endpoints, options.http, [&log](const std::string& message) {
    log.write(LogLevel::error, "", message);
  });
  auto bound = server.listen(options.listen);
  if (!bound) {
    return std::unexpected(bound.error());
  }
  log.write(LogLevel::info, "", "listening",
            {{"address", *bound},
             {"apps", std::to_string(workers.size())},
             {"webhooks", options.webhook_secret ? "enabled" : "disabled"}});
  for (std::size_t i = 0; i < workers.size(); ++i) {
    const auto& app = options.apps[i];
    log.write(LogLevel::info, app.app.name, "watching",
              {{"repo", redact_url(app.app.source.repo)},
               {"revision", app.app.source.revision.empty() ? "HEAD" : app.app.source.revision},
               {"path", app.app.path},
               {"prune", app.prune ? "true" : "false"},
               {"interval", std::to_string(app.interval.count()) + "ms"}});
    workers[i]->start();
  }
  probe.start();

  signals.async_wait([&](const boost::system::error_code& error, int signal) {
    if (error) {
      return;
    }
    log.write(LogLevel::info, "", "stopping",
              {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}});
    server.stop();
    io.stop();
  });
  // A handler that throws ends only its own connection's work: the
  // listener goes on.
  while (true) {
    try {
      io.run();
      break;
    } catch (const std::exception& error) {
      log.write(LogLevel::error, "", "HTTP handler failed", {{"error", error.what()}});
    }
  }

  probe.stop();
  // Each worker finishes the step in progress, then kills and reaps its kubectls.
  for (auto& worker : workers) {
    worker->stop();
  }
  log.write(LogLevel::info, "", "stopped");
  return {};
}

}  // namespace kgitops
