#include "watch/watch_service.hpp"

#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>

#include "cluster/http_cluster.hpp"
#include "cluster/http_kind_watch.hpp"
#include "cluster/kubectl_cluster.hpp"
#include "core/exit_codes.hpp"
#include "core/text.hpp"
#include "git/git_source.hpp"
#include "http/http_server.hpp"
#include "http/metrics.hpp"
#include "http/recent_deliveries.hpp"
#include "watch/app_set.hpp"
#include "watch/app_worker.hpp"
#include "watch/cluster_probe.hpp"
#include "watch/leader_election.hpp"
#include "watch/shared_kind_watches.hpp"

namespace kgitops {
namespace {

// How many webhook delivery ids are remembered to recognise a replay.
constexpr std::size_t k_remembered_deliveries = 1024;

// A worker's real dependencies: kubectl for the cluster, libgit2 for git,
// and the kind watches shared by every app of the same identity (`cluster`),
// each acting as it.
AppWorkerDependencies real_worker_dependencies(const std::filesystem::path& cache_dir,
                                               std::chrono::milliseconds git_timeout,
                                               const ClusterOptions& cluster) {
  AppWorkerDependencies dependencies;
  dependencies.git = make_libgit2_source(cache_dir, git_timeout);
  KindWatchFactory open_watch;
  if (cluster.transport == Transport::http) {
    dependencies.cluster = make_http_cluster(cluster);
    dependencies.heal_cluster = make_http_cluster(cluster);
    open_watch = [connection = shared_api_connection(cluster), timeout = cluster.request_timeout](
                     const ApiResource& resource, const std::string& selector,
                     KindWatch::EventHandler on_event, KindWatch::Logger log) {
      return std::make_unique<HttpKindWatch>(connection, timeout, resource, selector,
                                             std::move(on_event), std::move(log));
    };
  } else {
    dependencies.cluster = make_kubectl_cluster(cluster);
    // A heal re-applies one object as a sync applied (and validated) it.
    dependencies.heal_cluster = make_kubectl_cluster_without_validation(cluster);
    open_watch = [kubectl = kubectl_args::base(cluster)](
                     const ApiResource& resource, const std::string& selector,
                     KindWatch::EventHandler on_event, KindWatch::Logger log) {
      return std::make_unique<KindWatcher>(kubectl, resource, selector, std::move(on_event),
                                           std::move(log));
    };
  }
  auto identity = kubectl_args::base(cluster);
  identity.push_back(cluster.transport == Transport::http ? "http" : "kubectl");
  auto hub = shared_kind_watches(identity, open_watch);
  dependencies.watch_kind = hub->factory();
  dependencies.live_cache = std::move(hub);
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

WatchDependencies real_watch_dependencies(const WatchOptions& options) {
  WatchDependencies dependencies;
  // Copies, not references: the dependencies may outlive `options`.
  dependencies.worker = [cache_dir = options.cache_dir,
                         git_timeout = options.git_timeout](const ClusterOptions& cluster) {
    return real_worker_dependencies(cache_dir, git_timeout, cluster);
  };
  if (options.cluster.transport == Transport::http) {
    auto connection = shared_api_connection(options.cluster);
    const auto timeout = options.cluster.request_timeout;
    dependencies.lease_store = [connection, timeout](const LeaderElectionOptions& election) {
      return make_http_lease_store(connection, timeout, election.ns, election.name);
    };
    dependencies.probe = [connection, timeout] { return probe_over_http(*connection, timeout); };
    return dependencies;
  }
  dependencies.lease_store = [cluster = options.cluster](const LeaderElectionOptions& election) {
    return make_kubectl_lease_store(cluster, election.ns, election.name);
  };
  dependencies.probe = [cluster = options.cluster] { return probe_apiserver(cluster); };
  return dependencies;
}

namespace {

AppSetOptions app_set_options(const WatchOptions& options, const WatchDependencies& dependencies,
                              const std::string& identity) {
  AppSetOptions set;
  set.cluster = options.cluster;
  set.agent = identity;
  set.fight_limit = options.fight_limit;
  set.max_concurrent_syncs = options.max_concurrent_syncs;
  set.max_concurrent_heals = options.max_concurrent_heals;
  set.watch_own_apps_only = options.watch_own_apps_only;
  set.leader_elected = options.leader_election.has_value();
  set.dependencies = dependencies.worker;
  return set;
}

// Reloads the apps on SIGHUP, on a thread of its own: stopping a removed app
// waits for its step in progress, and the HTTP side must not wait with it.
// Signals that come while a reload runs make one more reload after it.
class Reloader {
 public:
  Reloader(std::function<Result<std::vector<WatchedApp>>()> read, AppSet& apps, WatchLog& log)
      : m_read(std::move(read)), m_apps(apps), m_log(log), m_thread([this] { run(); }) {}
  ~Reloader() { stop(); }
  Reloader(const Reloader&) = delete;
  Reloader& operator=(const Reloader&) = delete;

  void request() {
    std::lock_guard lock(m_mutex);
    m_wanted = true;
    m_changed.notify_all();
  }

  void stop() {
    {
      std::lock_guard lock(m_mutex);
      m_stopping = true;
      m_changed.notify_all();
    }
    if (m_thread.joinable()) {
      m_thread.join();
    }
  }

 private:
  void run() {
    std::unique_lock lock(m_mutex);
    while (true) {
      m_changed.wait(lock, [this] { return m_stopping || m_wanted; });
      if (m_stopping) {
        return;
      }
      m_wanted = false;
      lock.unlock();
      try {
        reload();
      } catch (const std::exception& error) {
        m_log.write(LogLevel::error, "", "reload failed, the apps run on as they were",
                    {{"error", error.what()}});
      }
      lock.lock();
    }
  }

  void reload() {
    if (!m_read) {
      m_log.write(LogLevel::info, "", "SIGHUP: nothing to reload, the app comes from flags");
      return;
    }
    auto apps = m_read();
    if (!apps) {
      m_log.write(LogLevel::error, "", "reload failed, the apps run on as they were",
                  {{"error", to_string(apps.error())}});
      return;
    }
    const auto change = m_apps.replace(std::move(*apps));
    m_log.write(LogLevel::info, "", change.empty() ? "reloaded: no app changed" : "reloaded",
                {{"added", join(change.added, ",")},
                 {"removed", join(change.removed, ",")},
                 {"restarted", join(change.restarted, ",")},
                 {"apps", std::to_string(m_apps.size())}});
  }

  std::function<Result<std::vector<WatchedApp>>()> m_read;
  AppSet& m_apps;
  WatchLog& m_log;
  std::mutex m_mutex;
  std::condition_variable m_changed;
  bool m_wanted = false;
  bool m_stopping = false;
  std::thread m_thread;
};

void wait_for_hangup(boost::asio::signal_set& hangups, Reloader& reloader) {
  hangups.async_wait([&hangups, &reloader](const boost::system::error_code& error, int) {
    if (!error) {
      reloader.request();
      wait_for_hangup(hangups, reloader);
    }
  });
}

// The elector of the Lease, when leader election is on: `on_leading` runs
// once the Lease is ours.
std::unique_ptr<LeaderElector> make_elector(const WatchOptions& options,
                                            const LeaderElectionOptions& election,
                                            const WatchDependencies& dependencies,
                                            const std::function<void()>& on_leading, WatchLog& log,
                                            Metrics& metrics) {
  if (!options.leader_election) {
    return nullptr;
  }
  metrics.set_leader(false);
  return std::make_unique<LeaderElector>(
      election, dependencies.lease_store(election),
      [&metrics, &on_leading] {
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

// Wakes the apps that follow the pushed repository and branch; their names.
std::vector<std::string> wake_followers(const HookPayload& payload, AppSet& apps, WatchLog& log) {
  auto woken = apps.wake(payload);
  log.write(LogLevel::info, "",
            woken.empty() ? "webhook for no watched app" : "webhook received, fetching now",
            {{"event", payload.event.empty() ? "push" : payload.event},
             {"ref", payload.ref.value_or("")},
             {"apps", join(woken, ",")}});
  return woken;
}

// Ready: the cluster answers, this agent leads (if it elects), every app synced once.
bool all_ready(const ClusterProbe& probe, const LeaderElector* elector, const AppSet& apps) {
  if (!probe.reachable() || (elector && !elector->leading())) {
    return false;
  }
  return apps.ready();
}

void log_probe_change(WatchLog& log, bool reachable, const std::string& error) {
  if (reachable) {
    log.write(LogLevel::info, "", "the cluster answers again: ready");
  } else {
    log.write(LogLevel::error, "", "the cluster does not answer: not ready", {{"error", error}});
  }
}

// Runs the HTTP side until SIGTERM, SIGINT or the stop handed to
// `on_listening`. A handler that throws ends only its own connection's
// work: the listener goes on.
void serve_until_stopped(
    boost::asio::io_context& io, boost::asio::signal_set& signals, HttpServer& server,
    const std::function<void(const std::string&, std::function<void()>)>& on_listening,
    const std::string& address, WatchLog& log) {
  const auto stop = [&server, &io] {
    server.stop();
    io.stop();
  };
  if (on_listening) {
    on_listening(address, [&io, stop] { boost::asio::post(io, stop); });
  }
  signals.async_wait([&](const boost::system::error_code& error, int signal) {
    if (!error) {
      log.write(LogLevel::info, "", "stopping",
                {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}});
      stop();
    }
  });
  while (true) {
    try {
      io.run();
      return;
    } catch (const std::exception& error) {
      log.write(LogLevel::error, "", "HTTP handler failed", {{"error", error.what()}});
    }
  }
}

// The orderly stop: no new start, each worker finishes the step in progress
// and kills and reaps its children, then the Lease goes to a standby.
void stop_all(ClusterProbe& probe, LeaderElector* elector, AppSet& apps, WatchLog& log) {
  probe.stop();
  if (elector) {
    elector->stop();  // no worker starts from here on
  }
  apps.stop();
  if (elector) {
    elector->release();  // a standby takes over without waiting out the Lease
  }
  log.write(LogLevel::info, "", "stopped");
}

}  // namespace

Result<void> run_watch(const WatchOptions& options, const WatchDependencies& dependencies,
                       std::ostream& out) {
  WatchLog log(out, options.log_format);
  Metrics metrics;
  auto election = options.leader_election.value_or(LeaderElectionOptions{});
  if (election.identity.empty()) {
    election.identity = agent_identity();
  }
  AppSet apps(app_set_options(options, dependencies, election.identity), options.apps, log,
              metrics);
  std::function<void()> on_leading;  // set once the HTTP server listens
  auto elector = make_elector(options, election, dependencies, on_leading, log, metrics);

  boost::asio::io_context io;
  // Signals are caught before anything starts, so none is lost.
  boost::asio::signal_set signals(io, SIGTERM, SIGINT);
  RecentDeliveries deliveries(k_remembered_deliveries);
  ClusterProbe probe(dependencies.probe, options.probe_interval,
                     [&log](bool reachable, const std::string& error) {
                       log_probe_change(log, reachable, error);
                     });
  HttpEndpoints endpoints;
  endpoints.metrics = &metrics;
  endpoints.webhook_secret = options.webhook_secret;
  endpoints.wake = [&](const HookPayload& payload) { return wake_followers(payload, apps, log); };
  endpoints.first_delivery = [&](const std::string& id) { return deliveries.remember(id); };
  endpoints.standby = [&elector] { return elector && !elector->leading(); };
  endpoints.ready = [&] { return all_ready(probe, elector.get(), apps); };
  HttpServer server(io, endpoints, options.http, [&log](const std::string& message) {
    log.write(LogLevel::error, "", message);
  });
  auto bound = server.listen(options.listen);
  if (!bound) {
    return std::unexpected(bound.error());
  }
  log.write(LogLevel::info, "", "listening",
            {{"address", *bound},
             {"apps", std::to_string(apps.size())},
             {"webhooks", options.webhook_secret ? "enabled" : "disabled"}});
  on_leading = [&apps] { apps.start(); };
  if (elector) {
    // Standby until the Lease is ours: nothing is synced or healed before.
    log.write(LogLevel::info, "", "standby: waiting for the leader election Lease",
              {{"lease", election.ns + "/" + election.name}, {"identity", election.identity}});
    elector->start();
  } else {
    on_leading();
  }
  probe.start();
  Reloader reloader(options.reload, apps, log);
  boost::asio::signal_set hangups(io, SIGHUP);
  wait_for_hangup(hangups, reloader);
  serve_until_stopped(io, signals, server, dependencies.on_listening, *bound, log);
  reloader.stop();
  stop_all(probe, elector.get(), apps, log);
  return {};
}

}  // namespace kgitops
