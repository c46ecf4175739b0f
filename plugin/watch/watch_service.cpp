#include "watch/watch_service.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "cluster/kubectl_cluster.hpp"
#include "core/exit_codes.hpp"
#include "core/text.hpp"
#include "git/git_source.hpp"
#include "watch/app_worker.hpp"
#include "watch/cluster_probe.hpp"
#include "watch/http_server.hpp"
#include "watch/leader_election.hpp"
#include "watch/metrics.hpp"
#include "watch/recent_deliveries.hpp"

namespace kgitops {
namespace {

// How many webhook delivery ids are remembered to recognise a replay.
constexpr std::size_t k_remembered_deliveries = 1024;

// A worker's real dependencies: kubectl for the cluster and the kind
// watches, each acting as the app's identity (`cluster`), libgit2 for git.
AppWorkerDependencies real_dependencies(const WatchOptions& options,
                                        const ClusterOptions& cluster) {
  AppWorkerDependencies dependencies;
  dependencies.cluster = make_kubectl_cluster(cluster);
  // A heal re-applies one object as a sync applied (and validated) it.
  dependencies.heal_cluster = make_kubectl_cluster_without_validation(cluster);
  dependencies.git = make_libgit2_source(options.cache_dir, options.git_timeout);
  dependencies.watch_kind = [kubectl = kubectl_args::base(cluster)](
                                const ApiResource& resource, const std::string& selector,
                                KindWatch::EventHandler on_event, KindWatch::Logger log) {
    return std::make_unique<KindWatcher>(kubectl, resource, selector, std::move(on_event),
                                         std::move(log));
  };
  return dependencies;
}

// This agent's name in a Lease: the host's (a Pod's name) and the process id,
// so two agents on one machine differ too.
std::string agent_identity() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') {
    std::snprintf(host, sizeof host, "%s", "kubectl-gitops");
  }
  return std::string(host) + "_" + std::to_string(::getpid());
}

}  // namespace

Result<void> run_watch(const WatchOptions& options, std::ostream& out) {
  WatchLog log(out, options.log_format);
  Metrics metrics;
  auto election = options.leader_election.value_or(LeaderElectionOptions{});
  if (election.identity.empty()) {
    election.identity = agent_identity();
  }
  std::vector<std::unique_ptr<AppWorker>> workers;
  for (const auto& watched : options.apps) {
    AppWorkerOptions worker_options;
    worker_options.watched = watched;
    worker_options.cluster = cluster_options_for(options.cluster, watched.app.reach);
    worker_options.fight_limit = options.fight_limit;
    worker_options.agent = election.identity;
    worker_options.leader_elected = options.leader_election.has_value();
    workers.push_back(std::make_unique<AppWorker>(
        worker_options, real_dependencies(options, worker_options.cluster), log, metrics));
  }

  std::function<void()> on_leading;  // set once the HTTP server listens
  std::unique_ptr<LeaderElector> elector;
  if (options.leader_election) {
    metrics.set_leader(false);
    elector = std::make_unique<LeaderElector>(
        election, make_kubectl_lease_store(options.cluster, election.ns, election.name),
        [&] {
          metrics.set_leader(true);
          on_leading();
        },
        [&log] {
          // Another agent may hold the Lease by now: not one more write.
          // Exiting kills every kubectl child with us; the Pod restarts as
          // a standby.
          log.write(LogLevel::error, "", "lost the leader election Lease: exiting at once");
          std::_Exit(to_int(ExitCode::error));
        },
        [&log](bool error, const std::string& message) {
          log.write(error ? LogLevel::error : LogLevel::info, "", message);
        });
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
  endpoints.standby = [&elector] { return elector && !elector->leading(); };
  endpoints.ready = [&workers, &probe, &elector] {
    if (!probe.reachable() || (elector && !elector->leading())) {
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
  const auto start_workers = [&] {
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
  };
  on_leading = start_workers;
  if (elector) {
    // Standby until the Lease is ours: nothing is synced or healed before.
    log.write(LogLevel::info, "", "standby: waiting for the leader election Lease",
              {{"lease", election.ns + "/" + election.name}, {"identity", election.identity}});
    elector->start();
  } else {
    start_workers();
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
  if (elector) {
    elector->stop();  // no worker starts from here on
  }
  // Each worker finishes the step in progress, then kills and reaps its kubectls.
  for (auto& worker : workers) {
    worker->stop();
  }
  if (elector) {
    elector->release();  // a standby takes over without waiting out the Lease
  }
  log.write(LogLevel::info, "", "stopped");
  return {};
}

}  // namespace kgitops
