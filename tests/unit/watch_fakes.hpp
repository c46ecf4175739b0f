#pragma once

// Fakes for the tests of a watch's apps: a git that counts fetches, a kind
// watch that reports nothing, an app to watch.

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "cluster/kind_watcher.hpp"
#include "fake_cluster.hpp"
#include "fake_git_source.hpp"
#include "watch/app_worker.hpp"
#include "watch/watch_config.hpp"

namespace kgitops::testing {

// Counts the fetches of each repository, for all the workers of one watch.
class CountingGit {
 public:
  std::unique_ptr<GitSource> client() { return std::make_unique<Client>(*this); }

  int fetches(const std::string& repo) {
    std::lock_guard lock(m_mutex);
    return m_fetches[repo];
  }

 private:
  class Client final : public GitSource {
   public:
    explicit Client(CountingGit& owner) : m_owner(owner), m_git(owner.m_fake.client()) {}
    Result<Checkout> checkout(const SourceSpec& spec) override {
      auto checkout = m_git->checkout(spec);
      std::lock_guard lock(m_owner.m_mutex);
      ++m_owner.m_fetches[spec.repo];
      return checkout;
    }

   private:
    CountingGit& m_owner;
    std::unique_ptr<GitSource> m_git;
  };

  SharedFakeGitSource m_fake;
  std::mutex m_mutex;
  std::map<std::string, int> m_fetches;
};

// A kind watch that reports nothing: these tests drive the apps by webhook.
class SilentWatch final : public KindWatch {
 public:
  void start() override {}
  void stop() override {}
};

// A worker's dependencies over the shared fakes: its cluster and heal
// cluster, a git that counts fetches, kind watches that report nothing.
inline AppWorkerDependencies quiet_worker(SharedFakeCluster& cluster, CountingGit& git) {
  AppWorkerDependencies worker;
  worker.cluster = cluster.client();
  worker.heal_cluster = cluster.client();
  worker.git = git.client();
  worker.watch_kind = [](const ApiResource&, const std::string&, KindWatch::EventHandler,
                         KindWatch::Logger) { return std::make_unique<SilentWatch>(); };
  return worker;
}

inline WatchedApp watched_app(const std::string& name, const std::string& repo) {
  WatchedApp watched;
  watched.app.name = name;
  watched.app.source = SourceSpec{repo, "main"};
  watched.app.default_namespace = "prod";
  watched.interval = std::chrono::hours(1);  // fetches come from the first sync and webhooks
  return watched;
}

}  // namespace kgitops::testing
