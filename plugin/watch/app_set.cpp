#include "watch/app_set.hpp"

#include <algorithm>
#include <map>

#include "core/text.hpp"
#include "git/git_source.hpp"

namespace kgitops {

AppSet::AppSet(AppSetOptions options, std::vector<WatchedApp> apps, WatchLog& log, Metrics& metrics)
    : m_options(std::move(options)),
      m_log(log),
      m_metrics(metrics),
      m_sync_pool(
          std::make_shared<WorkerPool>(m_options.max_concurrent_syncs,
                                       [&metrics](std::size_t running, std::size_t waiting) {
                                         metrics.set_work("sync", running, waiting);
                                       })),
      m_heal_pool(std::make_shared<WorkerPool>(
          m_options.max_concurrent_heals, [&metrics](std::size_t running, std::size_t waiting) {
            metrics.set_work("heal", running, waiting);
          })) {
  watch_only(apps);
  for (const auto& app : apps) {
    m_running.push_back(make(app));
  }
}

void AppSet::watch_only(const std::vector<WatchedApp>& apps) {
  if (!m_options.watch_own_apps_only) {
    return;
  }
  m_watched_names.clear();
  for (const auto& app : apps) {
    m_watched_names.insert(app.app.name);
  }
  for (const auto& hub : m_hubs) {
    hub->watch_only(m_watched_names);
  }
}

AppSet::~AppSet() {
  stop();
}

AppSet::Running AppSet::make(const WatchedApp& app) {
  AppWorkerOptions worker_options;
  worker_options.watched = app;
  worker_options.cluster = cluster_options_for(m_options.cluster, app.app.reach);
  worker_options.fight_limit = m_options.fight_limit;
  worker_options.agent = m_options.agent;
  worker_options.leader_elected = m_options.leader_elected;
  auto dependencies = m_options.dependencies(worker_options.cluster);
  if (m_options.watch_own_apps_only && dependencies.live_cache &&
      m_hubs.insert(dependencies.live_cache).second) {
    dependencies.live_cache->watch_only(m_watched_names);
  }
  dependencies.sync_pool = m_sync_pool;
  dependencies.heal_pool = m_heal_pool;
  return {app,
          std::make_shared<AppWorker>(worker_options, std::move(dependencies), m_log, m_metrics)};
}

void AppSet::start_one(const Running& running) {
  const auto& app = running.app.app;
  m_log.write(LogLevel::info, app.name, "watching",
              {{"repo", redact_url(app.source.repo)},
               {"revision", app.source.revision.empty() ? "HEAD" : app.source.revision},
               {"path", app.path},
               {"prune", running.app.prune ? "true" : "false"},
               {"interval", std::to_string(running.app.interval.count()) + "ms"}});
  running.worker->start();
}

void AppSet::start() {
  std::lock_guard lock(m_mutex);
  if (m_started || m_stopped) {
    return;
  }
  m_started = true;
  for (const auto& running : m_running) {
    start_one(running);
  }
}

void AppSet::stop() {
  std::vector<Running> stopping;
  {
    std::lock_guard lock(m_mutex);
    m_stopped = true;
    stopping = m_running;
  }
  for (auto& running : stopping) {
    running.worker->stop();
  }
}

AppSetChange AppSet::replace(std::vector<WatchedApp> apps) {
  std::lock_guard reload(m_reload);
  AppSetChange change;
  std::map<std::string, const WatchedApp*> listed;
  for (const auto& app : apps) {
    listed.emplace(app.app.name, &app);
  }
  // Taken out under the lock, stopped outside it: a stop waits for the step
  // in progress, and /readyz and webhooks must not wait with it.
  std::vector<Running> leaving;
  {
    std::lock_guard lock(m_mutex);
    if (m_stopped) {
      return change;
    }
    std::erase_if(m_running, [&](const Running& running) {
      const auto found = listed.find(running.app.app.name);
      if (found != listed.end() && found->second->definition == running.app.definition) {
        return false;
      }
      (found == listed.end() ? change.removed : change.restarted).push_back(running.app.app.name);
      leaving.push_back(running);
      return true;
    });
  }
  for (auto& running : leaving) {
    running.worker->stop();
    m_metrics.forget(running.app.app.name);
  }
  leaving.clear();
  // The apps gone no longer watch; the apps to come do before they start.
  watch_only(apps);
  std::lock_guard lock(m_mutex);
  for (const auto& app : apps) {
    const auto& name = app.app.name;
    const bool kept = std::ranges::any_of(
        m_running, [&name](const Running& running) { return running.app.app.name == name; });
    if (kept || m_stopped) {
      continue;
    }
    if (std::ranges::find(change.restarted, name) == change.restarted.end()) {
      change.added.push_back(name);
    }
    m_running.push_back(make(app));
    if (m_started) {
      start_one(m_running.back());
    }
  }
  return change;
}

std::size_t AppSet::size() const {
  std::lock_guard lock(m_mutex);
  return m_running.size();
}

bool AppSet::ready() const {
  std::lock_guard lock(m_mutex);
  return std::ranges::all_of(m_running,
                             [](const Running& running) { return running.worker->ready(); });
}

std::vector<std::string> AppSet::wake(const HookPayload& payload) {
  std::vector<std::shared_ptr<AppWorker>> workers;
  {
    std::lock_guard lock(m_mutex);
    for (const auto& running : m_running) {
      workers.push_back(running.worker);
    }
  }
  std::vector<std::string> woken;
  for (const auto& worker : workers) {
    if (hook_concerns(payload, worker->followed_source())) {
      worker->wake();
      woken.push_back(worker->name());
    }
  }
  return woken;
}

}  // namespace kgitops
