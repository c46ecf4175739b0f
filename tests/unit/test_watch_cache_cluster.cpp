#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/constants.hpp"
#include "fake_cluster.hpp"
#include "watch/watch_cache_cluster.hpp"

using namespace kgitops;
using kgitops::testing::FakeCluster;

namespace {

const ApiResource k_configmaps{"", "v1", "ConfigMap", "configmaps", true};
const ApiResource k_services{"", "v1", "Service", "services", true};

Json labelled(const std::string& kind, const std::string& name, const std::string& app) {
  Json object{
      {"apiVersion", "v1"}, {"kind", kind}, {"metadata", {{"name", name}, {"namespace", "prod"}}}};
  set_label(object, keys::k_app_label, app);
  return object;
}

// A hub whose one ConfigMap watch a test drives; Services are never whole.
struct Watches {
  KindWatch::EventHandler configmaps;
  std::shared_ptr<SharedKindWatches> hub;
  std::unique_ptr<KindWatch> shop_configmaps;
  std::unique_ptr<KindWatch> shop_services;

  Watches() {
    hub = std::make_shared<SharedKindWatches>(
        [this](const ApiResource& resource, const std::string&, KindWatch::EventHandler on_event,
               KindWatch::Logger) {
          if (resource.kind == "ConfigMap") {
            configmaps = std::move(on_event);
          }
          struct Idle : KindWatch {
            void start() override {}
            void stop() override {}
          };
          return std::unique_ptr<KindWatch>(std::make_unique<Idle>());
        });
    const auto selector = std::string(keys::k_app_label) + "=shop";
    shop_configmaps = hub->factory()(
        k_configmaps, selector, [](WatchEvent) {}, [](bool, const std::string&) {});
    shop_services = hub->factory()(
        k_services, selector, [](WatchEvent) {}, [](bool, const std::string&) {});
    shop_configmaps->start();
    shop_services->start();
  }

  void list(const std::vector<Json>& objects) {
    configmaps(WatchEvent{WatchEventType::listing, {}, {}});
    for (const auto& object : objects) {
      configmaps(WatchEvent{WatchEventType::added, key_of(object), object});
    }
    configmaps(WatchEvent{WatchEventType::listed, {}, {}});
  }
};

struct Reads {
  std::size_t cached = 0;
  std::size_t listed = 0;
  WatchCacheCluster::ReadCounter counter() {
    return [this](std::size_t c, std::size_t l) {
      cached += c;
      listed += l;
    };
  }
};

std::vector<std::string> names(const Result<std::vector<Json>>& objects) {
  REQUIRE(objects.has_value());
  std::vector<std::string> found;
  for (const auto& object : *objects) {
    found.push_back(name_of(object));
  }
  std::sort(found.begin(), found.end());
  return found;
}

}  // namespace

TEST_CASE(
    "the app's lists come from a whole watch, other kinds and the first list from the server") {
  auto server = std::make_unique<FakeCluster>();
  auto& fake = *server;
  REQUIRE(fake.apply({labelled("ConfigMap", "cart", "shop"), labelled("Service", "web", "shop")},
                     DryRun::no)
              .has_value());
  Watches watches;
  // The cache holds what the watch saw, which is not what the server has.
  watches.list({labelled("ConfigMap", "cart", "shop"), labelled("ConfigMap", "seen", "shop"),
                labelled("ConfigMap", "posts", "blog")});
  auto now = std::chrono::steady_clock::now();
  Reads reads;
  WatchCacheCluster cluster(std::move(server), watches.hub, std::chrono::minutes(10),
                            reads.counter(), [&now] { return now; });
  const auto selector = std::string(keys::k_app_label) + "=shop";

  // The first list is the server's.
  CHECK(names(cluster.list({k_configmaps, k_services}, selector)) ==
        std::vector<std::string>{"cart", "web"});
  CHECK(fake.lists == 1);
  // Then ConfigMaps come from the cache, Services (not whole) from the server.
  CHECK(names(cluster.list({k_configmaps, k_services}, selector)) ==
        std::vector<std::string>{"cart", "seen", "web"});
  CHECK(fake.lists == 2);
  CHECK(names(cluster.list({k_configmaps}, selector)) == std::vector<std::string>{"cart", "seen"});
  CHECK(fake.lists == 2);
  CHECK(reads.cached == 2);
  CHECK(reads.listed == 3);
  // Any other selector is the server's.
  CHECK(names(cluster.list({k_configmaps}, "!" + std::string(keys::k_app_label))).empty());
  CHECK(fake.lists == 3);

  // After a write, the server's, until the next reconcile.
  REQUIRE(cluster.apply({labelled("ConfigMap", "new", "shop")}, DryRun::no).has_value());
  CHECK(names(cluster.list({k_configmaps}, selector)) == std::vector<std::string>{"cart", "new"});
  CHECK(fake.lists == 4);
  cluster.begin_reconcile();
  CHECK(names(cluster.list({k_configmaps}, selector)) == std::vector<std::string>{"cart", "seen"});
  CHECK(fake.lists == 4);
  // A dry run writes nothing.
  REQUIRE(cluster.apply({labelled("ConfigMap", "dry", "shop")}, DryRun::server).has_value());
  CHECK(names(cluster.list({k_configmaps}, selector)) == std::vector<std::string>{"cart", "seen"});
  CHECK(fake.lists == 4);

  // Once the resync period has passed, one list goes to the server again.
  now += std::chrono::minutes(10);
  CHECK(names(cluster.list({k_configmaps}, selector)) == std::vector<std::string>{"cart", "new"});
  CHECK(names(cluster.list({k_configmaps}, selector)) == std::vector<std::string>{"cart", "seen"});
  CHECK(fake.lists == 5);
}

TEST_CASE("a watch cut off sends the lists to the server until it serves again") {
  auto server = std::make_unique<FakeCluster>();
  auto& fake = *server;
  Watches watches;
  watches.list({labelled("ConfigMap", "cart", "shop")});
  auto now = std::chrono::steady_clock::now();
  Reads reads;
  WatchCacheCluster cluster(std::move(server), watches.hub, std::chrono::minutes(10),
                            reads.counter(), [&now] { return now; });
  const auto selector = std::string(keys::k_app_label) + "=shop";
  CHECK(names(cluster.list({k_configmaps}, selector)).empty());  // the first: the server's
  CHECK(names(cluster.list({k_configmaps}, selector)) == std::vector<std::string>{"cart"});
  watches.configmaps(WatchEvent{WatchEventType::interrupted, {}, {}});
  CHECK(names(cluster.list({k_configmaps}, selector)).empty());
  CHECK(fake.lists == 2);
  watches.configmaps(WatchEvent{WatchEventType::bookmark, {}, Json::object()});
  CHECK(names(cluster.list({k_configmaps}, selector)) == std::vector<std::string>{"cart"});
  CHECK(fake.lists == 2);
}
