#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/constants.hpp"
#include "engine/inventory.hpp"
#include "eventually.hpp"
#include "fake_cluster.hpp"
#include "fake_git_source.hpp"
#include "fake_health_clock.hpp"
#include "watch/app_worker.hpp"

using namespace kgitops;
using kgitops::testing::configmap;
using kgitops::testing::deployment;
using kgitops::testing::FakeCluster;
using kgitops::testing::FakeGitSource;
using kgitops::testing::FakeHealthClock;
using kgitops::testing::SharedFakeCluster;
using kgitops::testing::SharedFakeGitSource;

namespace {

const ResourceKey k_web{"apps", "Deployment", "prod", "web"};
// Sorts after web: a worker heals the events due at once in key order.
const ResourceKey k_worker{"apps", "Deployment", "prod", "worker"};
const ResourceKey k_settings{"", "ConfigMap", "prod", "settings"};
const ResourceKey k_inventory{"", "ConfigMap", std::string(keys::k_inventory_namespace),
                              inventory_name("shop")};

// Polls `condition` until it holds: the worker's threads get there within
// milliseconds; the bound only stops a broken test from hanging.
using kgitops::testing::eventually;

// The kind watches a worker asked for, and the handlers through which a
// test delivers what kubectl's watch would report.
class FakeKindWatches {
 public:
  struct Watched {
    std::string selector;
    KindWatch::EventHandler on_event;
    bool started = false;
    bool stopped = false;
  };

  KindWatchFactory factory() {
    return
        [this](const ApiResource& resource, const std::string& selector,
               KindWatch::EventHandler on_event, KindWatch::Logger) -> std::unique_ptr<KindWatch> {
          const auto name = resource.qualified_resource();
          std::lock_guard lock(m_mutex);
          m_watches[name] = Watched{selector, std::move(on_event)};
          return std::make_unique<Watch>(*this, name);
        };
  }

  // The watch of `resource` ("deployments.apps"), if one was made.
  std::optional<Watched> watched(const std::string& resource) {
    std::lock_guard lock(m_mutex);
    const auto found = m_watches.find(resource);
    return found == m_watches.end() ? std::nullopt : std::optional<Watched>(found->second);
  }

  bool all_stopped() {
    std::lock_guard lock(m_mutex);
    for (const auto& [resource, watched] : m_watches) {
      if (!watched.stopped) {
        return false;
      }
    }
    return !m_watches.empty();
  }

  // Reports `object` as the running watch of its kind would; false when none runs.
  bool deliver(WatchEventType type, const Json& object) {
    const auto key = key_of(object);
    const auto resource = key.kind == "Deployment" ? "deployments.apps" : "configmaps";
    KindWatch::EventHandler on_event;
    {
      std::lock_guard lock(m_mutex);
      const auto found = m_watches.find(resource);
      if (found == m_watches.end() || !found->second.started || found->second.stopped) {
        return false;
      }
      on_event = found->second.on_event;
    }
    on_event(WatchEvent{type, key, object});
    return true;
  }

 private:
  class Watch final : public KindWatch {
   public:
    Watch(FakeKindWatches& owner, std::string resource)
        : m_owner(owner), m_resource(std::move(resource)) {}
    void start() override {
      std::lock_guard lock(m_owner.m_mutex);
      m_owner.m_watches[m_resource].started = true;
    }
    void stop() override {
      std::lock_guard lock(m_owner.m_mutex);
      m_owner.m_watches[m_resource].stopped = true;
    }

   private:
    FakeKindWatches& m_owner;
    std::string m_resource;
  };

  std::mutex m_mutex;
  std::map<std::string, Watched> m_watches;
};

// A heal cluster whose applies wait while the gate is closed; the gate notes
// what passes it, in order ("shop/web").
class HealGate {
 public:
  void pass(const std::string& app, const std::vector<Json>& objects) {
    std::unique_lock lock(m_mutex);
    ++m_waiting;
    m_opened.wait(lock, [&] { return m_open || !m_closed_for.contains(app); });
    --m_waiting;
    for (const auto& object : objects) {
      m_passed.push_back(app + "/" + object["metadata"].value("name", ""));
    }
  }
  void close_for(const std::string& app) {
    std::lock_guard lock(m_mutex);
    m_closed_for.insert(app);
  }
  void open() {
    {
      std::lock_guard lock(m_mutex);
      m_open = true;
    }
    m_opened.notify_all();
  }
  int waiting() {
    std::lock_guard lock(m_mutex);
    return m_waiting;
  }
  std::vector<std::string> passed() {
    std::lock_guard lock(m_mutex);
    return m_passed;
  }

 private:
  std::mutex m_mutex;
  std::condition_variable m_opened;
  std::set<std::string> m_closed_for;
  bool m_open = false;
  int m_waiting = 0;
  std::vector<std::string> m_passed;
};

class GatedCluster final : public Cluster {
 public:
  GatedCluster(std::unique_ptr<Cluster> inner, HealGate& gate, std::string app)
      : m_inner(std::move(inner)), m_gate(gate), m_app(std::move(app)) {}
  Result<std::vector<ApiResource>> api_resources() override { return m_inner->api_resources(); }
  Result<std::vector<Json>> list(const std::vector<ApiResource>& resources,
                                 const std::string& selector) override {
    return m_inner->list(resources, selector);
  }
  Result<std::vector<Json>> list_namespace(const std::vector<ApiResource>& resources,
                                           const std::string& ns) override {
    return m_inner->list_namespace(resources, ns);
  }
  Result<std::optional<Json>> get(const ApiResource& resource, const std::string& ns,
                                  const std::string& name) override {
    return m_inner->get(resource, ns, name);
  }
  Result<std::vector<ApplyResult>> apply(const std::vector<Json>& objects,
                                         DryRun dry_run) override {
    m_gate.pass(m_app, objects);
    return m_inner->apply(objects, dry_run);
  }
  Result<void> remove(const ApiResource& resource, const ResourceKey& key,
                      const std::string& uid) override {
    return m_inner->remove(resource, key, uid);
  }
  Result<void> annotate(const ApiResource& resource, const ResourceKey& key,
                        const std::string& annotation,
                        const std::optional<std::string>& value) override {
    return m_inner->annotate(resource, key, annotation, value);
  }
  Result<void> wait_established(const std::vector<std::string>& crd_names,
                                std::chrono::seconds timeout) override {
    return m_inner->wait_established(crd_names, timeout);
  }

 private:
  std::unique_ptr<Cluster> m_inner;
  HealGate& m_gate;
  std::string m_app;
};

AppWorkerOptions shop_options() {
  AppWorkerOptions options;
  options.watched.app.name = "shop";
  options.watched.app.source = SourceSpec{"/repos/shop", ""};
  options.watched.app.default_namespace = "prod";
  // Reconciles come from wake() alone: no test waits for an interval.
  options.watched.interval = std::chrono::hours(1);
  options.debounce = std::chrono::milliseconds(1);
  // Every wake reconciles at once; the wake limit has a test of its own.
  options.wake_interval = std::chrono::milliseconds(0);
  return options;
}

// One worker of the app "shop" on an in-memory cluster and git.
struct Fixture {
  SharedFakeCluster cluster;
  SharedFakeGitSource git;
  FakeKindWatches watches;
  HealthWaitOptions health;
  Metrics metrics;
  std::ostringstream log_text;  // read by stopped_log(), once the threads are gone
  WatchLog log{log_text, LogFormat::text};
  AppWorkerOptions options = shop_options();
  // Set: the reconciles, or the heals, run on these pools (another app's too).
  std::shared_ptr<WorkerPool> sync_pool;
  std::shared_ptr<WorkerPool> heal_pool;
  // Set: the heals go through this gate.
  HealGate* heal_gate = nullptr;
  std::unique_ptr<AppWorker> worker;  // last: stopped before the fakes go

  void declare(const std::string& path, const std::string& manifest) {
    git.with([&](FakeGitSource& fake) { fake.files[path] = manifest; });
  }

  void make() {
    AppWorkerDependencies dependencies;
    dependencies.cluster = cluster.client();
    dependencies.heal_cluster = cluster.client();
    if (heal_gate != nullptr) {
      dependencies.heal_cluster = std::make_unique<GatedCluster>(
          std::move(dependencies.heal_cluster), *heal_gate, options.watched.app.name);
    }
    dependencies.sync_pool = sync_pool;
    dependencies.heal_pool = heal_pool;
    dependencies.git = git.client();
    dependencies.watch_kind = watches.factory();
    dependencies.health = health;
    worker = std::make_unique<AppWorker>(options, std::move(dependencies), log, metrics);
  }

  // Starts the worker and waits for its first reconcile.
  void start() {
    make();
    worker->start();
    REQUIRE(eventually([&] { return worker->ready(); }));
  }

  // Reconciles now, and waits until `result` was counted `count` times.
  void reconcile_until(const std::string& result, double count) {
    worker->wake();
    REQUIRE(eventually([&] { return syncs(result) >= count; }));
  }

  std::string stopped_log() {
    worker->stop();
    return log_text.str();
  }

  // One series ("name{labels}"), 0 when absent.
  double metric(const std::string& series) const {
    const auto text = metrics.render();
    const auto at = text.find("\n" + series + " ");
    return at == std::string::npos ? 0 : std::stod(text.substr(at + series.size() + 2));
  }
  double syncs(const std::string& result) const {
    return metric("kubectl_gitops_syncs_total{app=\"shop\",result=\"" + result + "\"}");
  }
  double heals() const {
    return metric("kubectl_gitops_heal_duration_seconds_count{app=\"shop\"}");
  }
  double drift_events() const { return metric("kubectl_gitops_drift_events_total{app=\"shop\"}"); }
  double failing() const { return metric("kubectl_gitops_sync_failed{app=\"shop\"}"); }
  // What `status` reads: the inventory's last result and message.
  std::pair<std::string, std::string> last_result() {
    const auto inventory = live(k_inventory);
    if (!inventory) {
      return {};
    }
    return {(*inventory)["data"].value("lastResult", ""),
            (*inventory)["data"].value("lastMessage", "")};
  }

  std::optional<Json> live(const ResourceKey& key) {
    return cluster.with([&](FakeCluster& fake) {
      const auto found = fake.objects.find(key);
      return found == fake.objects.end() ? std::nullopt : std::optional<Json>(found->second);
    });
  }
  int replicas(const ResourceKey& key) {
    const auto object = live(key);
    return object ? (*object)["spec"].value("replicas", -1) : -1;
  }
  int applies() {
    return cluster.with([](FakeCluster& fake) { return fake.applies; });
  }
  int deletes() {
    return cluster.with([](FakeCluster& fake) { return fake.deletes; });
  }

  // Another writer (`manager`) scales `key`; returns the object as its
  // watch reports it.
  Json scale(const ResourceKey& key, int count, const std::string& manager = "kubectl-edit") {
    return cluster.with([&](FakeCluster& fake) {
      auto& object = fake.objects.at(key);
      object["spec"]["replicas"] = count;
      object["metadata"]["managedFields"].push_back(
          {{"manager", manager}, {"operation", "Update"}, {"time", "2026-01-01T00:00:00Z"}});
      return object;
    });
  }

  // Suspends or resumes the app as `kubectl gitops suspend` does, and
  // reports the inventory's change as its watch would.
  void set_suspended(bool suspended) {
    const auto inventory = cluster.with([&](FakeCluster& fake) {
      auto& object = fake.objects.at(k_inventory);
      if (suspended) {
        object["metadata"]["annotations"][std::string(keys::k_suspended_annotation)] = "true";
      } else {
        object["metadata"]["annotations"].erase(std::string(keys::k_suspended_annotation));
      }
      return object;
    });
    REQUIRE(watches.deliver(WatchEventType::modified, inventory));
  }
};

}  // namespace

TEST_CASE(
    "a worker's first reconcile applies git, watches every kind of the app and makes it ready") {
  Fixture f;
  f.declare("web.yaml", deployment("web", 2));
  f.declare("settings.yaml", configmap("settings"));
  f.make();
  CHECK_FALSE(f.worker->ready());
  f.worker->start();
  REQUIRE(eventually([&] { return f.worker->ready(); }));
  CHECK(f.replicas(k_web) == 2);
  CHECK(f.live(k_settings).has_value());
  CHECK(f.live(k_inventory).has_value());
  CHECK(f.syncs("succeeded") == 1);
  CHECK(f.syncs("failed") == 0);
  // It follows the remote's HEAD: from now on, the branch that HEAD named.
  CHECK(f.worker->followed_source().revision == "refs/heads/main");
  CHECK(f.worker->followed_source().repo == "/repos/shop");
  CHECK(f.metric("kubectl_gitops_last_synced_commit_info{app=\"shop\",commit=\"0123456789abcdef"
                 "0123456789abcdef01234567\"}") == 1);
  CHECK(f.metric("kubectl_gitops_objects{app=\"shop\",state=\"InSync\"}") == 2);
  for (const auto* resource : {"deployments.apps", "configmaps"}) {
    CAPTURE(resource);
    const auto watched = f.watches.watched(resource);
    REQUIRE(watched.has_value());
    CHECK(watched->started);
    CHECK(watched->selector == "gitops.kubectl.dev/app=shop");
  }
  const auto log = f.stopped_log();
  CHECK(f.watches.all_stopped());
  CHECK(log.find("info app=shop synced commit=0123456789ab applied=2 pruned=0") !=
        std::string::npos);
}

TEST_CASE(
    "a worker whose git fetch fails changes nothing in the cluster but its inventory's result, "
    "counts it and retries") {
  Fixture f;
  f.options.watched.prune = true;
  f.declare("web.yaml", deployment("web", 2));
  f.declare("settings.yaml", configmap("settings"));
  f.start();
  const auto apps_objects = [&] {
    auto objects = f.cluster.with([](FakeCluster& fake) { return fake.objects; });
    objects.erase(k_inventory);
    return objects;
  };
  const auto before = apps_objects();
  const auto writes = f.applies() + f.deletes();

  f.git.with([](FakeGitSource& fake) { fake.unreachable_repos.insert("/repos/shop"); });
  f.reconcile_until("failed", 1);
  CHECK(apps_objects() == before);
  CHECK(f.applies() + f.deletes() == writes + 1);  // the inventory, marked Failed
  CHECK(f.last_result() == std::pair<std::string, std::string>{
                               "Failed",
                               "cannot load the app from git, keeping the last good state: "
                               "cannot fetch /repos/shop: repository not found"});
  CHECK(f.worker->ready());

  // Heals keep to the last good commit meanwhile.
  REQUIRE(f.watches.deliver(WatchEventType::modified, f.scale(k_web, 5)));
  REQUIRE(eventually([&] { return f.heals() >= 1; }));
  CHECK(f.replicas(k_web) == 2);

  f.git.with([](FakeGitSource& fake) {
    fake.unreachable_repos.clear();
    fake.files["web.yaml"] = deployment("web", 3);
    fake.commit = "89abcdef0123456789abcdef0123456789abcdef";
  });
  f.reconcile_until("succeeded", 2);
  CHECK(f.replicas(k_web) == 3);
  CHECK(f.live(k_settings).has_value());
  CHECK(f.deletes() == 0);
  const auto log = f.stopped_log();
  CHECK(
      log.find(
          "error app=shop cannot load the app from git, keeping the last good state "
          "error=\"cannot fetch /repos/shop: repository not found\" retry_in=2.000s failures=1") !=
      std::string::npos);
  CHECK(log.find("synced commit=89abcdef0123") != std::string::npos);
}

TEST_CASE("a worker whose apply fails prunes nothing; the next sync that succeeds prunes") {
  Fixture f;
  f.options.watched.prune = true;
  f.declare("web.yaml", deployment("web", 2));
  f.declare("old.yaml", configmap("old"));
  f.start();
  const ResourceKey old{"", "ConfigMap", "prod", "old"};
  REQUIRE(f.live(old).has_value());

  f.git.with([](FakeGitSource& fake) {
    fake.files.erase("old.yaml");
    fake.files["web.yaml"] = deployment("web", 3);
  });
  f.cluster.with([](FakeCluster& fake) { fake.failing_names.insert("web"); });
  f.reconcile_until("failed", 1);
  CHECK(f.live(old).has_value());
  CHECK(f.deletes() == 0);
  CHECK(f.replicas(k_web) == 2);
  CHECK(f.metric("kubectl_gitops_objects{app=\"shop\",state=\"Failed\"}") == 1);

  f.cluster.with([](FakeCluster& fake) { fake.failing_names.clear(); });
  f.reconcile_until("succeeded", 2);
  CHECK_FALSE(f.live(old).has_value());
  CHECK(f.replicas(k_web) == 3);
  const auto log = f.stopped_log();
  CHECK(log.find("error app=shop sync failed for 1 object(s) error=\"Deployment.apps prod/web: ") !=
        std::string::npos);
}

TEST_CASE("a worker refuses a commit outside the app's reach; heals keep to the last good one") {
  Fixture f;
  f.options.watched.prune = true;
  f.options.watched.app.reach.namespaces = {"prod"};
  f.declare("web.yaml", deployment("web", 2));
  f.declare("settings.yaml", configmap("settings"));
  f.start();
  const auto writes = f.applies() + f.deletes();

  f.git.with([](FakeGitSource& fake) {
    fake.files.erase("settings.yaml");
    fake.files["web.yaml"] = deployment("web", 3);
    fake.files["other.yaml"] = configmap("other", "team-b");
    fake.commit = "89abcdef0123456789abcdef0123456789abcdef";
  });
  f.reconcile_until("refused", 1);
  CHECK(f.applies() + f.deletes() == writes);
  CHECK(f.replicas(k_web) == 2);
  CHECK(f.live(k_settings).has_value());

  // The refused commit was never handed to the heals.
  REQUIRE(f.watches.deliver(WatchEventType::modified, f.scale(k_web, 5)));
  REQUIRE(eventually([&] { return f.heals() >= 1; }));
  CHECK(f.replicas(k_web) == 2);
  const auto log = f.stopped_log();
  CHECK(log.find("error app=shop sync refused by a safety guard, nothing was changed") !=
        std::string::npos);
  CHECK(log.find("ConfigMap team-b/other (other.yaml:1): namespace team-b is not one of the "
                 "allowed namespaces (prod)") != std::string::npos);
}

TEST_CASE("a worker heals a drifted object alone, with one write and no sync") {
  Fixture f;
  f.declare("web.yaml", deployment("web", 2));
  f.declare("worker.yaml", deployment("worker", 1));
  f.declare("settings.yaml", configmap("settings"));
  f.start();
  const auto applies = f.applies();
  const auto lists = f.cluster.with([](FakeCluster& fake) { return fake.lists; });

  REQUIRE(f.watches.deliver(WatchEventType::modified, f.scale(k_web, 5)));
  REQUIRE(eventually([&] { return f.heals() >= 1; }));
  CHECK(f.replicas(k_web) == 2);
  CHECK(f.applies() == applies + 1);
  CHECK(f.cluster.with([](FakeCluster& fake) { return fake.lists; }) == lists);
  CHECK(f.syncs("succeeded") == 1);
  CHECK(f.drift_events() == 1);
  const auto log = f.stopped_log();
  CHECK(log.find("info app=shop healed object=\"Deployment.apps prod/web\" change=modified "
                 "latency=") != std::string::npos);
  CHECK(log.find("fields=spec.replicas") != std::string::npos);
}

TEST_CASE("a worker creates a deleted object again") {
  Fixture f;
  f.declare("web.yaml", deployment("web", 2));
  f.start();
  const auto last = *f.live(k_web);
  f.cluster.with([](FakeCluster& fake) { fake.objects.erase(k_web); });
  const auto applies = f.applies();

  REQUIRE(f.watches.deliver(WatchEventType::deleted, last));
  REQUIRE(eventually([&] { return f.heals() >= 1; }));
  const auto created = f.live(k_web);
  REQUIRE(created.has_value());
  CHECK((*created)["spec"]["replicas"] == 2);
  CHECK((*created)["metadata"]["uid"] != last["metadata"]["uid"]);
  CHECK(f.applies() == applies + 1);
  CHECK(f.stopped_log().find("healed object=\"Deployment.apps prod/web\" change=deleted") !=
        std::string::npos);
}

TEST_CASE("a slow heal holds one thread of the agent's heal pool; another app's heals go on") {
  auto pool = std::make_shared<WorkerPool>(2);
  HealGate gate;
  gate.close_for("shop");
  Fixture shop;
  Fixture blog;
  blog.options.watched.app.name = "blog";
  for (auto* app : {&shop, &blog}) {
    app->heal_pool = pool;
    app->heal_gate = &gate;
    app->declare("web.yaml", deployment("web", 2));
    app->start();
  }
  REQUIRE(shop.watches.deliver(WatchEventType::modified, shop.scale(k_web, 5)));
  REQUIRE(eventually([&] { return gate.waiting() == 1; }));  // shop's heal hangs
  REQUIRE(blog.watches.deliver(WatchEventType::modified, blog.scale(k_web, 7)));
  REQUIRE(eventually([&] { return blog.replicas(k_web) == 2; }));
  CHECK(shop.replicas(k_web) == 5);
  gate.open();
  REQUIRE(eventually([&] { return shop.replicas(k_web) == 2; }));
  CHECK(gate.passed() == std::vector<std::string>{"blog/web", "shop/web"});
}

TEST_CASE("an app with many drifted objects heals them in turns with another app's") {
  auto pool = std::make_shared<WorkerPool>(1);
  HealGate gate;
  gate.close_for("shop");
  Fixture shop;
  Fixture blog;
  blog.options.watched.app.name = "blog";
  std::vector<std::string> names;
  for (int i = 0; i < 6; ++i) {
    names.push_back("settings-" + std::to_string(i));
    shop.declare(names.back() + ".yaml", configmap(names.back()));
  }
  blog.declare("settings.yaml", configmap("settings"));
  for (auto* app : {&shop, &blog}) {
    app->heal_pool = pool;
    app->heal_gate = &gate;
    app->start();
  }
  // Every object of shop is deleted; its first heal hangs with the pool's
  // one thread while the others come due.
  for (const auto& name : names) {
    const ResourceKey key{"", "ConfigMap", "prod", name};
    const auto last = *shop.live(key);
    shop.cluster.with([&](FakeCluster& fake) { fake.objects.erase(key); });
    REQUIRE(shop.watches.deliver(WatchEventType::deleted, last));
  }
  REQUIRE(eventually([&] { return gate.waiting() == 1; }));
  const auto last = *blog.live(k_settings);
  blog.cluster.with([&](FakeCluster& fake) { fake.objects.erase(k_settings); });
  REQUIRE(blog.watches.deliver(WatchEventType::deleted, last));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // blog's heal comes due
  gate.open();
  REQUIRE(eventually([&] { return gate.passed().size() == 7; }));
  // blog's one heal went next, not after all of shop's.
  const auto passed = gate.passed();
  CHECK(passed[0] == "shop/settings-0");
  CHECK(passed[1] == "blog/settings");
}

TEST_CASE("a worker writes nothing for events that do not differ from git") {
  Fixture f;
  f.declare("web.yaml", deployment("web", 2));
  f.declare("worker.yaml", deployment("worker", 1));
  f.declare("settings.yaml", configmap("settings"));
  f.start();
  const auto applies = f.applies();

  // The listing a watch starts with, and our own applies coming back.
  REQUIRE(f.watches.deliver(WatchEventType::added, *f.live(k_settings)));
  REQUIRE(f.watches.deliver(WatchEventType::modified, *f.live(k_web)));
  // Healed after the events above (due no later, and after them in key
  // order): once it is, they have been compared.
  REQUIRE(f.watches.deliver(WatchEventType::modified, f.scale(k_worker, 4)));
  REQUIRE(eventually([&] { return f.replicas(k_worker) == 1; }));
  CHECK(f.applies() == applies + 1);
  CHECK(f.drift_events() == 1);
}

TEST_CASE("a worker stops healing a field fought over after the limit, in heals and syncs") {
  Fixture f;
  f.options.fight_limit = 2;
  f.declare("web.yaml", deployment("web", 2));
  f.declare("worker.yaml", deployment("worker", 1));
  f.start();

  for (int heal = 1; heal <= 3; ++heal) {
    CAPTURE(heal);
    REQUIRE(f.watches.deliver(WatchEventType::modified, f.scale(k_web, 5, "hpa-controller")));
    REQUIRE(eventually([&] { return f.heals() >= heal; }));
    CHECK(f.replicas(k_web) == 2);
  }
  REQUIRE(eventually([&] { return f.metric("kubectl_gitops_fights{app=\"shop\"}") == 1; }));

  const auto applies = f.applies();
  REQUIRE(f.watches.deliver(WatchEventType::modified, f.scale(k_web, 7, "hpa-controller")));
  // Healed after the event above: once it is, web's event was handled.
  REQUIRE(f.watches.deliver(WatchEventType::modified, f.scale(k_worker, 4)));
  REQUIRE(eventually([&] { return f.replicas(k_worker) == 1; }));
  CHECK(f.replicas(k_web) == 7);
  CHECK(f.applies() == applies + 1);

  // The periodic sync leaves it too.
  f.reconcile_until("succeeded", 2);
  CHECK(f.replicas(k_web) == 7);
  const auto log = f.stopped_log();
  CHECK(log.find("error app=shop stopped healing Deployment.apps prod/web: fighting with "
                 "hpa-controller over spec.replicas object=\"Deployment.apps prod/web\" "
                 "field=spec.replicas heals=3") != std::string::npos);
}

TEST_CASE("a worker of a suspended app reports drift without healing it, and heals on resume") {
  Fixture f;
  f.declare("web.yaml", deployment("web", 2));
  f.declare("worker.yaml", deployment("worker", 1));
  f.start();
  const auto applies = f.applies();

  f.set_suspended(true);
  CHECK(f.metric("kubectl_gitops_suspended{app=\"shop\"}") == 1);
  REQUIRE(f.watches.deliver(WatchEventType::modified, f.scale(k_web, 5)));
  REQUIRE(f.watches.deliver(WatchEventType::modified, f.scale(k_worker, 4)));
  REQUIRE(eventually([&] { return f.drift_events() >= 2; }));
  CHECK(f.replicas(k_web) == 5);
  CHECK(f.replicas(k_worker) == 4);
  CHECK(f.applies() == applies);

  // A reconcile compares and reports, and writes nothing; each drift is
  // counted once.
  f.reconcile_until("suspended", 1);
  CHECK(f.applies() == applies);
  CHECK(f.metric("kubectl_gitops_objects{app=\"shop\",state=\"Modified\"}") == 2);
  CHECK(f.drift_events() == 2);
  CHECK(f.heals() == 0);

  f.set_suspended(false);
  CHECK(f.metric("kubectl_gitops_suspended{app=\"shop\"}") == 0);
  REQUIRE(eventually([&] { return f.syncs("succeeded") >= 2; }));
  CHECK(f.replicas(k_web) == 2);
  CHECK(f.replicas(k_worker) == 1);
  const auto log = f.stopped_log();
  CHECK(log.find("info app=shop suspended: self-heal paused") != std::string::npos);
  CHECK(log.find("warning app=shop drift detected, not healed: app suspended "
                 "object=\"Deployment.apps prod/web\"") != std::string::npos);
  CHECK(log.find("info app=shop resumed") != std::string::npos);
}

TEST_CASE(
    "a worker's sync fails, the later wave unapplied, when an earlier wave never gets healthy") {
  FakeHealthClock clock;  // ten seconds of health wait pass at once
  Fixture f;
  f.health = clock.options(std::chrono::seconds(10));
  const ResourceKey db{"apps", "Deployment", "prod", "db"};
  f.declare("db.yaml", deployment("db", 1, 0));
  f.declare("web.yaml", deployment("web", 2, 1));
  f.start();
  CHECK(f.syncs("failed") >= 1);
  CHECK(f.syncs("succeeded") == 0);
  CHECK(f.live(db).has_value());
  CHECK_FALSE(f.live(k_web).has_value());

  // db rolls out: the next sync applies the later wave.
  f.cluster.with([&](FakeCluster& fake) {
    fake.objects.at(db)["status"] = {
        {"replicas", 1}, {"updatedReplicas", 1}, {"availableReplicas", 1}};
  });
  f.reconcile_until("succeeded", 1);
  CHECK(f.replicas(k_web) == 2);
  const auto log = f.stopped_log();
  CHECK(clock.sleeps >= 10);
  CHECK(log.find("error app=shop sync stopped: earlier sync waves are not healthy "
                 "error=\"Deployment.apps prod/db is Progressing") != std::string::npos);
}

TEST_CASE("a sync wave waiting for health lends its reconcile thread to another app") {
  auto pool = std::make_shared<WorkerPool>(1);
  std::mutex mutex;
  std::condition_variable changed;
  bool open = false;
  bool sleeping = false;
  Fixture shop;
  shop.sync_pool = pool;
  // shop's wait for db sleeps until the test opens it.
  shop.health.timeout = std::chrono::seconds(3600);
  shop.health.poll_interval = std::chrono::milliseconds(1);
  shop.health.sleep = [&](std::chrono::milliseconds) {
    std::unique_lock lock(mutex);
    sleeping = true;
    changed.notify_all();
    changed.wait(lock, [&] { return open; });
  };
  const ResourceKey db{"apps", "Deployment", "prod", "db"};
  shop.declare("db.yaml", deployment("db", 1, 0));
  shop.declare("web.yaml", deployment("web", 2, 1));
  shop.make();
  shop.worker->start();
  {
    std::unique_lock lock(mutex);
    REQUIRE(changed.wait_for(lock, std::chrono::seconds(30), [&] { return sleeping; }));
  }
  // The pool's one thread is shop's, waiting: blog syncs all the same.
  Fixture blog;
  blog.options.watched.app.name = "blog";
  blog.sync_pool = pool;
  blog.declare("settings.yaml", configmap("settings"));
  blog.start();
  CHECK(blog.live(k_settings).has_value());
  CHECK_FALSE(shop.worker->ready());
  // db rolls out; shop's later wave goes on.
  shop.cluster.with([&](FakeCluster& fake) {
    fake.objects.at(db)["status"] = {
        {"replicas", 1}, {"updatedReplicas", 1}, {"availableReplicas", 1}};
  });
  {
    std::lock_guard lock(mutex);
    open = true;
  }
  changed.notify_all();
  REQUIRE(eventually([&] { return shop.replicas(k_web) == 2; }));
}

TEST_CASE(
    "a worker whose steps throw marks the app Failed, keeps healing its last good commit, "
    "and recovers") {
  Fixture f;
  f.options.watched.prune = true;
  f.declare("web.yaml", deployment("web", 2));
  f.declare("settings.yaml", configmap("settings"));
  f.start();
  CHECK(f.last_result().first == "Succeeded");
  CHECK(f.failing() == 0);

  // The fetch throws (as nlohmann's dump() does on a byte that is not UTF-8).
  f.git.with([](FakeGitSource& fake) { fake.throwing_repos.insert("/repos/shop"); });
  f.reconcile_until("failed", 1);
  CHECK(f.last_result().first == "Failed");
  CHECK(f.last_result().second.find("type_error.316") != std::string::npos);
  CHECK(f.failing() == 1);
  CHECK(f.metric("kubectl_gitops_consecutive_failures{app=\"shop\"}") == 1);
  CHECK(f.live(k_settings).has_value());  // nothing pruned

  // Heals keep to the last good commit meanwhile.
  REQUIRE(f.watches.deliver(WatchEventType::modified, f.scale(k_web, 5)));
  REQUIRE(eventually([&] { return f.heals() >= 1; }));
  CHECK(f.replicas(k_web) == 2);

  // A new commit whose apply throws: heals go back to the last good one.
  f.git.with([](FakeGitSource& fake) {
    fake.throwing_repos.clear();
    fake.files["web.yaml"] = deployment("web", 3);
    fake.commit = "89abcdef0123456789abcdef0123456789abcdef";
  });
  f.cluster.with([](FakeCluster& fake) { fake.throwing_names.insert("web"); });
  REQUIRE(eventually([&] { return f.syncs("failed") >= 2; }));
  CHECK(f.replicas(k_web) == 2);
  // A heal that throws is a failed heal of this object alone.
  REQUIRE(f.watches.deliver(WatchEventType::modified, f.scale(k_web, 7)));
  REQUIRE(eventually(
      [&] { return f.metric("kubectl_gitops_heal_failures_total{app=\"shop\"}") >= 1; }));

  f.cluster.with([](FakeCluster& fake) { fake.throwing_names.clear(); });
  REQUIRE(eventually([&] { return f.syncs("succeeded") >= 2; }));
  CHECK(f.replicas(k_web) == 3);
  CHECK(f.last_result().first == "Succeeded");
  CHECK(f.failing() == 0);
  const auto log = f.stopped_log();
  CHECK(log.find("error app=shop reconcile failed, keeping the last good state "
                 "error=\"[json.exception.type_error.316] invalid UTF-8 byte at index 3\" "
                 "retry_in=2.000s failures=1") != std::string::npos);
  CHECK(log.find("error app=shop heal failed object=\"Deployment.apps prod/web\" "
                 "error=\"cannot serialise web\"") != std::string::npos);
}

TEST_CASE("a worker coalesces wakes, and a wake never cuts a failing app's back-off short") {
  Fixture f;
  f.options.wake_interval = std::chrono::milliseconds(500);
  f.declare("web.yaml", deployment("web", 2));
  f.start();
  REQUIRE(f.syncs("succeeded") == 1);

  f.reconcile_until("succeeded", 2);
  // A burst of wakes right after a woken reconcile: one more, once the
  // interval has passed since it.
  for (int i = 0; i < 20; ++i) {
    f.worker->wake();
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CHECK(f.syncs("succeeded") == 2);
  REQUIRE(eventually([&] { return f.syncs("succeeded") >= 3; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  CHECK(f.syncs("succeeded") == 3);

  f.git.with([](FakeGitSource& fake) { fake.unreachable_repos.insert("/repos/shop"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  f.worker->wake();
  REQUIRE(eventually([&] { return f.syncs("failed") >= 1; }));
  // The back-off is 2 s: wakes within it change nothing.
  const auto failed_at = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - failed_at < std::chrono::milliseconds(1200)) {
    f.worker->wake();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CHECK(f.syncs("failed") == 1);
  // After it, the retry comes by itself.
  REQUIRE(eventually([&] { return f.syncs("failed") >= 2; }));
}

TEST_CASE("a periodic reconcile may share a recent fetch of its repository; a woken one never") {
  Fixture f;
  f.declare("web.yaml", deployment("web", 2));
  f.start();
  REQUIRE(f.syncs("succeeded") == 1);
  f.reconcile_until("succeeded", 2);
  const auto reuse = f.git.with([](FakeGitSource& fake) { return fake.reuse_fetch; });
  REQUIRE(reuse.size() == 2);
  CHECK(reuse[0] == std::chrono::minutes(30));  // half the interval of an hour
  CHECK(reuse[1] == std::chrono::milliseconds(0));
}

namespace {

std::string stamp_of(Fixture& f) {
  const auto inventory = f.live(k_inventory);
  return inventory ? annotation_of(*inventory, keys::k_agent_annotation).value_or("") : "";
}

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++count;
  }
  return count;
}

}  // namespace

TEST_CASE("a worker that replaces another agent restamps the inventory once, without a warning") {
  Fixture f;
  f.declare("web.yaml", deployment("web", 2));
  f.options.agent = "host_1";
  f.start();
  CHECK(stamp_of(f) == "host_1");
  f.worker->stop();

  f.options.agent = "host_2";  // a restart, or a new Pod
  const auto applies = f.applies();
  f.start();
  CHECK(stamp_of(f) == "host_2");
  CHECK(f.applies() == applies + 1);  // the inventory, and nothing else
  // From then on a sync that changes nothing writes nothing.
  f.reconcile_until("succeeded", 3);
  CHECK(f.applies() == applies + 1);
  CHECK(f.stopped_log().find("another agent") == std::string::npos);
}

TEST_CASE("a worker warns once of a second agent that stamps the inventory after it") {
  Fixture f;
  f.declare("web.yaml", deployment("web", 2));
  f.options.agent = "host_1";
  f.start();
  // The other agent's sync stamps the inventory; the watch reports it.
  const auto stamped = f.cluster.with([](FakeCluster& fake) {
    auto& object = fake.objects.at(k_inventory);
    object["metadata"]["annotations"][std::string(keys::k_agent_annotation)] = "host_2";
    return object;
  });
  REQUIRE(f.watches.deliver(WatchEventType::modified, stamped));
  // This agent's next sync finds the other's stamp again (not reported
  // twice) and puts its own back.
  f.reconcile_until("succeeded", 2);
  CHECK(stamp_of(f) == "host_1");
  const auto log = f.stopped_log();
  CHECK(occurrences(log, "another agent also syncs this app") == 1);
  CHECK(log.find("warning app=shop another agent also syncs this app") != std::string::npos);
  CHECK(log.find("agent=host_2 self=host_1") != std::string::npos);
  CHECK(log.find("--leader-elect") != std::string::npos);
}
