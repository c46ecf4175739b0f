#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "core/constants.hpp"
#include "eventually.hpp"
#include "fake_cluster.hpp"
#include "git/url.hpp"
#include "watch/app_set.hpp"
#include "watch/shared_kind_watches.hpp"
#include "watch_fakes.hpp"

using namespace kgitops;
using kgitops::testing::CountingGit;
using kgitops::testing::eventually;

namespace {

// An app whose entry in --config is `definition`.
WatchedApp app(const std::string& name, const std::string& definition = "") {
  auto watched = kgitops::testing::watched_app(name, "https://git.example.com/" + name + ".git");
  watched.definition = definition.empty() ? name : definition;
  return watched;
}

std::string repo(const std::string& name) {
  return "https://git.example.com/" + name + ".git";
}

struct Agent {
  kgitops::testing::SharedFakeCluster cluster;
  CountingGit git;
  std::ostringstream out;
  WatchLog log{out, LogFormat::text};
  Metrics metrics;

  AppSetOptions options() {
    AppSetOptions set;
    set.agent = "agent-1";
    set.dependencies = [this](const ClusterOptions&) {
      return kgitops::testing::quiet_worker(cluster, git);
    };
    return set;
  }
  // The workers' kind watches and live cache are `hub`.
  AppSetOptions options_with(const std::shared_ptr<SharedKindWatches>& hub) {
    auto set = options();
    set.dependencies = [this, hub](const ClusterOptions&) {
      auto worker = kgitops::testing::quiet_worker(cluster, git);
      worker.live_cache = hub;
      return worker;
    };
    return set;
  }
};

}  // namespace

TEST_CASE("a reload starts new apps, stops removed ones, restarts changed ones, keeps the rest") {
  Agent agent;
  AppSet apps(agent.options(), {app("shop"), app("blog"), app("wiki")}, agent.log, agent.metrics);
  apps.start();
  REQUIRE(eventually([&] { return apps.ready(); }));
  for (const auto* name : {"shop", "blog", "wiki"}) {
    CHECK(agent.git.fetches(repo(name)) == 1);
  }
  agent.metrics.count_sync("blog", "synced");
  REQUIRE(agent.metrics.render().find("app=\"blog\"") != std::string::npos);

  const auto change = apps.replace({app("shop"), app("wiki", "wiki, now pruning"), app("docs")});
  CHECK(change.added == std::vector<std::string>{"docs"});
  CHECK(change.removed == std::vector<std::string>{"blog"});
  CHECK(change.restarted == std::vector<std::string>{"wiki"});
  CHECK(apps.size() == 3);
  REQUIRE(eventually([&] { return apps.ready(); }));
  CHECK(agent.git.fetches(repo("docs")) == 1);  // started
  CHECK(agent.git.fetches(repo("wiki")) == 2);  // started again
  CHECK(agent.git.fetches(repo("shop")) == 1);  // untouched: no new first sync
  CHECK(agent.metrics.render().find("app=\"blog\"") == std::string::npos);
  // A push to a removed app's repository wakes nobody.
  HookPayload push;
  push.ref = "refs/heads/main";
  push.repositories = {repository_identity(repo("blog"))};
  CHECK(apps.wake(push).empty());
  push.repositories = {repository_identity(repo("docs"))};
  CHECK(apps.wake(push) == std::vector<std::string>{"docs"});
  apps.stop();
}

TEST_CASE("apps added before the agent may act wait for it; after a stop nothing starts") {
  Agent agent;
  AppSet apps(agent.options(), {app("shop")}, agent.log, agent.metrics);
  const auto change = apps.replace({app("shop"), app("blog")});
  CHECK(change.added == std::vector<std::string>{"blog"});
  CHECK(agent.git.fetches(repo("blog")) == 0);  // a standby syncs nothing
  apps.start();
  REQUIRE(eventually([&] { return apps.ready(); }));
  CHECK(agent.git.fetches(repo("blog")) == 1);
  apps.stop();
  CHECK(apps.replace({app("docs")}).empty());
  CHECK(agent.git.fetches(repo("docs")) == 0);
}

TEST_CASE("the same apps reloaded change nothing") {
  Agent agent;
  AppSet apps(agent.options(), {app("shop"), app("blog")}, agent.log, agent.metrics);
  apps.start();
  REQUIRE(eventually([&] { return apps.ready(); }));
  CHECK(apps.replace({app("blog"), app("shop")}).empty());
  CHECK(agent.git.fetches(repo("shop")) == 1);
  apps.stop();
}

namespace {

// The threads of this process now.
std::size_t threads_now() {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry :
       std::filesystem::directory_iterator("/proc/self/task")) {
    ++count;
  }
  return count;
}

}  // namespace

TEST_CASE("a hundred apps run on the agent's two pools: its threads do not grow with its apps") {
  Agent agent;
  std::vector<WatchedApp> listed;
  for (int i = 0; i < 100; ++i) {
    listed.push_back(app("app-" + std::to_string(i)));
  }
  const auto before = threads_now();
  auto options = agent.options();
  options.max_concurrent_syncs = 3;
  options.max_concurrent_heals = 2;
  AppSet apps(options, listed, agent.log, agent.metrics);
  apps.start();
  REQUIRE(eventually([&] { return apps.ready(); }));
  CHECK(threads_now() - before == 5);
  // The last reconcile may still be ending.
  CHECK(eventually([&] {
    const auto metrics = agent.metrics.render();
    return metrics.find("kubectl_gitops_work_running{pool=\"sync\"} 0") != std::string::npos &&
           metrics.find("kubectl_gitops_work_waiting{pool=\"sync\"} 0") != std::string::npos;
  }));
  apps.stop();
}

namespace {

// A hub of kind watches that report nothing.
std::shared_ptr<SharedKindWatches> silent_hub() {
  return std::make_shared<SharedKindWatches>(
      [](const ApiResource&, const std::string&, KindWatch::EventHandler, KindWatch::Logger) {
        return std::make_unique<kgitops::testing::SilentWatch>();
      });
}

}  // namespace

TEST_CASE("a shard's agent tells its kind watches its apps, at start and on every reload") {
  Agent agent;
  auto hub = silent_hub();
  auto options = agent.options_with(hub);
  options.watch_own_apps_only = true;
  const std::string key(keys::k_app_label);
  AppSet apps(options, {app("shop"), app("blog")}, agent.log, agent.metrics);
  CHECK(hub->selector_for(key) == key + " in (blog,shop)");
  apps.start();
  REQUIRE(eventually([&] { return apps.ready(); }));
  apps.replace({app("shop"), app("wiki")});
  CHECK(hub->selector_for(key) == key + " in (shop,wiki)");
  apps.stop();
}

TEST_CASE("an agent of every app watches every app's objects by the label key") {
  Agent agent;
  auto hub = silent_hub();
  auto options = agent.options_with(hub);
  AppSet apps(options, {app("shop"), app("blog")}, agent.log, agent.metrics);
  CHECK(hub->selector_for(std::string(keys::k_app_label)) == keys::k_app_label);
}
