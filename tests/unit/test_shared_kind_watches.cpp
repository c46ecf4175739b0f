#include <doctest/doctest.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "watch/shared_kind_watches.hpp"

using namespace kgitops;

namespace {

// The real watches the hub opens: each records its selector and hands out
// the events a test pushes.
struct OpenedWatches {
  struct Watch {
    std::string selector;
    KindWatch::EventHandler on_event;
    KindWatch::Logger log;
    bool started = false;
    bool stopped = false;
  };
  std::vector<std::shared_ptr<Watch>> watches;

  KindWatchFactory factory() {
    return [this](const ApiResource&, const std::string& selector, KindWatch::EventHandler on_event,
                  KindWatch::Logger log) {
      auto watch = std::make_shared<Watch>(Watch{selector, std::move(on_event), std::move(log)});
      watches.push_back(watch);
      struct Handle : KindWatch {
        explicit Handle(std::shared_ptr<Watch> w) : watch(std::move(w)) {}
        void start() override { watch->started = true; }
        void stop() override { watch->stopped = true; }
        std::shared_ptr<Watch> watch;
      };
      return std::unique_ptr<KindWatch>(std::make_unique<Handle>(watch));
    };
  }
};

ApiResource configmaps() {
  ApiResource resource;
  resource.version = "v1";
  resource.kind = "ConfigMap";
  resource.resource = "configmaps";
  resource.namespaced = true;
  return resource;
}

Json labelled(const std::string& name, const std::string& app) {
  return Json{
      {"apiVersion", "v1"},
      {"kind", "ConfigMap"},
      {"metadata",
       {{"name", name}, {"namespace", "ns"}, {"labels", {{"gitops.kubectl.dev/app", app}}}}}};
}

WatchEvent event(WatchEventType type, const Json& object) {
  return WatchEvent{type, key_of(object), object};
}

// What one app's subscription received.
struct Received {
  std::vector<std::string> names;
  std::vector<WatchEvent> events;
  std::vector<std::string> lines;
  KindWatch::EventHandler on_event() {
    return [this](WatchEvent e) {
      names.push_back(e.key.name);
      events.push_back(std::move(e));
    };
  }
  KindWatch::Logger log() {
    return [this](bool, const std::string& line) { lines.push_back(line); };
  }
};

constexpr const char* k_app_key = "gitops.kubectl.dev/app";

// The started watch of `app`'s ConfigMaps, delivering to `received`.
std::unique_ptr<KindWatch> watch_of(const KindWatchFactory& factory, const std::string& app,
                                    Received& received) {
  auto watch = factory(configmaps(), std::string(k_app_key) + "=" + app, received.on_event(),
                       received.log());
  watch->start();
  return watch;
}

}  // namespace

TEST_CASE("two apps of one kind share one watch, and each gets only its own objects") {
  OpenedWatches opened;
  auto hub = std::make_shared<SharedKindWatches>(opened.factory());
  const auto factory = hub->factory();
  Received shop;
  Received blog;
  auto shop_watch = watch_of(factory, "shop", shop);
  auto blog_watch = watch_of(factory, "blog", blog);
  REQUIRE(opened.watches.size() == 1);
  CHECK(opened.watches[0]->selector == k_app_key);
  CHECK(opened.watches[0]->started);
  CHECK(hub->watched_kinds() == 1);

  auto& watch = *opened.watches[0];
  watch.log(false, "watch of ConfigMap established");
  watch.on_event(event(WatchEventType::added, labelled("cart", "shop")));
  watch.on_event(event(WatchEventType::modified, labelled("posts", "blog")));
  watch.on_event(event(WatchEventType::deleted, labelled("stranger", "other")));
  CHECK(shop.names == std::vector<std::string>{"cart"});
  CHECK(blog.names == std::vector<std::string>{"posts"});
  CHECK(shop.lines == std::vector<std::string>{"watch of ConfigMap established"});
  CHECK(blog.lines == shop.lines);
}

TEST_CASE("an app that comes later is handed the objects seen so far and the watch's state") {
  OpenedWatches opened;
  auto hub = std::make_shared<SharedKindWatches>(opened.factory());
  const auto factory = hub->factory();
  Received shop;
  auto shop_watch = watch_of(factory, "shop", shop);
  auto& watch = *opened.watches[0];
  watch.log(false, "watch of ConfigMap established");
  watch.on_event(event(WatchEventType::added, labelled("posts", "blog")));
  watch.on_event(event(WatchEventType::added, labelled("drafts", "blog")));
  watch.on_event(event(WatchEventType::deleted, labelled("drafts", "blog")));

  Received blog;
  auto blog_watch = watch_of(factory, "blog", blog);
  CHECK(opened.watches.size() == 1);
  CHECK(blog.names == std::vector<std::string>{"posts"});  // drafts was deleted
  CHECK(blog.lines == std::vector<std::string>{"watch of ConfigMap established"});
}

TEST_CASE("a kind's watch is closed with its last app, and a stopped app gets nothing more") {
  OpenedWatches opened;
  auto hub = std::make_shared<SharedKindWatches>(opened.factory());
  const auto factory = hub->factory();
  Received shop;
  Received blog;
  auto shop_watch = watch_of(factory, "shop", shop);
  auto blog_watch = watch_of(factory, "blog", blog);
  auto first = opened.watches[0];
  shop_watch->stop();
  CHECK_FALSE(first->stopped);
  CHECK(shop.lines.empty());
  first->on_event(event(WatchEventType::added, labelled("cart", "shop")));
  CHECK(shop.names.empty());
  blog_watch.reset();  // destroyed: stopped too
  CHECK(first->stopped);
  CHECK(hub->watched_kinds() == 0);
  // The last app says so in its log: an agent reloaded without the kind's
  // last app shows the watch go.
  CHECK(blog.lines == std::vector<std::string>{"watch of ConfigMap closed: no app watches it now"});

  // An event the closed watch was still handing out reaches nobody, even
  // once the kind is watched again.
  Received again;
  auto again_watch = watch_of(factory, "shop", again);
  REQUIRE(opened.watches.size() == 2);
  first->on_event(event(WatchEventType::added, labelled("cart", "shop")));
  CHECK(again.names.empty());
  opened.watches[1]->on_event(event(WatchEventType::added, labelled("cart", "shop")));
  CHECK(again.names == std::vector<std::string>{"cart"});
}

TEST_CASE("a selector that is not key=value gets a watch of its own") {
  OpenedWatches opened;
  auto hub = std::make_shared<SharedKindWatches>(opened.factory());
  Received any;
  auto watch = hub->factory()(configmaps(), "tier in (web,db)", any.on_event(), any.log());
  REQUIRE(opened.watches.size() == 1);
  CHECK(opened.watches[0]->selector == "tier in (web,db)");
  CHECK(hub->watched_kinds() == 0);
}

TEST_CASE("shared_kind_watches: one hub per identity while it is held") {
  OpenedWatches opened;
  auto a = shared_kind_watches({"--context=one"}, opened.factory());
  auto b = shared_kind_watches({"--context=one"}, opened.factory());
  auto c = shared_kind_watches({"--context=two"}, opened.factory());
  CHECK(a == b);
  CHECK(a != c);
}

namespace {

std::vector<std::string> names_of(const std::optional<std::vector<Json>>& objects) {
  std::vector<std::string> names;
  for (const auto& object : objects.value_or(std::vector<Json>{})) {
    names.push_back(object["metadata"]["name"].get<std::string>());
  }
  return names;
}

WatchEvent marker(WatchEventType type) {
  return WatchEvent{type, {}, {}};
}

}  // namespace

TEST_CASE("the live cache answers only while the kind's watch is whole") {
  OpenedWatches opened;
  auto hub = std::make_shared<SharedKindWatches>(opened.factory());
  Received shop;
  auto shop_watch = watch_of(hub->factory(), "shop", shop);
  auto& watch = *opened.watches[0];
  // Not watched, or not listed yet: the server has to be asked.
  CHECK_FALSE(hub->current_objects(configmaps(), "other-key", "shop"));
  CHECK_FALSE(hub->current_objects(configmaps(), k_app_key, "shop"));
  watch.on_event(marker(WatchEventType::listing));
  watch.on_event(event(WatchEventType::added, labelled("cart", "shop")));
  CHECK_FALSE(hub->current_objects(configmaps(), k_app_key, "shop"));  // half a listing
  watch.on_event(event(WatchEventType::added, labelled("posts", "blog")));
  watch.on_event(marker(WatchEventType::listed));
  CHECK(names_of(hub->current_objects(configmaps(), k_app_key, "shop")) ==
        std::vector<std::string>{"cart"});
  CHECK(names_of(hub->current_objects(configmaps(), k_app_key, "blog")) ==
        std::vector<std::string>{"posts"});
  CHECK(hub->current_objects(configmaps(), k_app_key, "none")->empty());

  // Changes keep it current; an interrupted stream stops it until the
  // stream shows it serves again (a bookmark, or any event).
  watch.on_event(event(WatchEventType::added, labelled("orders", "shop")));
  CHECK(names_of(hub->current_objects(configmaps(), k_app_key, "shop")) ==
        std::vector<std::string>{"cart", "orders"});
  watch.on_event(marker(WatchEventType::interrupted));
  CHECK_FALSE(hub->current_objects(configmaps(), k_app_key, "shop"));
  watch.on_event(event(WatchEventType::bookmark, Json::object()));
  CHECK(hub->current_objects(configmaps(), k_app_key, "shop"));
  watch.on_event(marker(WatchEventType::interrupted));
  watch.on_event(event(WatchEventType::deleted, labelled("orders", "shop")));
  CHECK(names_of(hub->current_objects(configmaps(), k_app_key, "shop")) ==
        std::vector<std::string>{"cart"});
  // Markers and bookmarks are the hub's: the app sees objects' changes only.
  CHECK(shop.names == std::vector<std::string>{"cart", "orders", "orders"});
}

TEST_CASE("a listing again hands the apps what went while the watch was down, as DELETED") {
  OpenedWatches opened;
  auto hub = std::make_shared<SharedKindWatches>(opened.factory());
  Received shop;
  auto shop_watch = watch_of(hub->factory(), "shop", shop);
  auto& watch = *opened.watches[0];
  watch.on_event(marker(WatchEventType::listing));
  watch.on_event(event(WatchEventType::added, labelled("cart", "shop")));
  watch.on_event(event(WatchEventType::added, labelled("orders", "shop")));
  watch.on_event(event(WatchEventType::added, labelled("posts", "blog")));
  watch.on_event(marker(WatchEventType::listed));
  shop.events.clear();

  // 410 Gone: the watch lists again, and `orders` and `posts` are no more.
  watch.on_event(marker(WatchEventType::interrupted));
  watch.on_event(marker(WatchEventType::listing));
  CHECK_FALSE(hub->current_objects(configmaps(), k_app_key, "shop"));
  watch.on_event(event(WatchEventType::added, labelled("cart", "shop")));
  watch.on_event(marker(WatchEventType::listed));
  REQUIRE(shop.events.size() == 2);
  CHECK(shop.events[0].type == WatchEventType::added);
  CHECK(shop.events[1].type == WatchEventType::deleted);
  CHECK(shop.events[1].key.name == "orders");
  CHECK(names_of(hub->current_objects(configmaps(), k_app_key, "shop")) ==
        std::vector<std::string>{"cart"});
  CHECK(hub->current_objects(configmaps(), k_app_key, "blog")->empty());
}

TEST_CASE("a shard's hub watches its own apps by name, and reopens its watches when they change") {
  OpenedWatches opened;
  auto hub = std::make_shared<SharedKindWatches>(opened.factory());
  hub->watch_only(std::set<std::string>{"shop", "blog"});
  CHECK(hub->selector_for(k_app_key) == std::string(k_app_key) + " in (blog,shop)");
  Received shop;
  auto shop_watch = watch_of(hub->factory(), "shop", shop);
  REQUIRE(opened.watches.size() == 1);
  CHECK(opened.watches[0]->selector == std::string(k_app_key) + " in (blog,shop)");
  auto* first = opened.watches[0].get();
  first->on_event(marker(WatchEventType::listing));
  first->on_event(event(WatchEventType::added, labelled("cart", "shop")));
  first->on_event(event(WatchEventType::added, labelled("posts", "blog")));
  first->on_event(marker(WatchEventType::listed));
  CHECK(hub->current_objects(configmaps(), k_app_key, "blog"));
  // Not this shard's: never answered from the cache, even as empty.
  CHECK_FALSE(hub->current_objects(configmaps(), k_app_key, "wiki"));

  // A reload: blog went to another shard, wiki came.
  hub->watch_only(std::set<std::string>{"shop", "wiki"});
  REQUIRE(opened.watches.size() == 2);
  CHECK(first->stopped);
  auto* second = opened.watches[1].get();
  CHECK(second->started);
  CHECK(second->selector == std::string(k_app_key) + " in (shop,wiki)");
  CHECK_FALSE(hub->current_objects(configmaps(), k_app_key, "shop"));  // until it has listed
  // The closed watch's late events reach no one.
  first->on_event(event(WatchEventType::deleted, labelled("cart", "shop")));
  second->on_event(marker(WatchEventType::listing));
  second->on_event(event(WatchEventType::added, labelled("cart", "shop")));
  second->on_event(marker(WatchEventType::listed));
  CHECK(names_of(hub->current_objects(configmaps(), k_app_key, "shop")) ==
        std::vector<std::string>{"cart"});
  CHECK_FALSE(hub->current_objects(configmaps(), k_app_key, "blog"));
  // shop saw its object listed twice, never deleted.
  REQUIRE(shop.events.size() == 2);
  CHECK(shop.events[1].type == WatchEventType::added);

  // The same names again: nothing reopens.
  hub->watch_only(std::set<std::string>{"wiki", "shop"});
  CHECK(opened.watches.size() == 2);
}

TEST_CASE("a shard's hub keeps and hands out none of another shard's objects") {
  OpenedWatches opened;
  auto hub = std::make_shared<SharedKindWatches>(opened.factory());
  // Names too many for one selector: the kind is watched by its key alone.
  std::set<std::string> many;
  for (int i = 0; i < 1000; ++i) {
    many.insert("an-app-with-a-long-name-of-its-own-" + std::to_string(i));
  }
  many.insert("shop");
  hub->watch_only(many);
  CHECK(hub->selector_for(k_app_key) == k_app_key);
  Received shop;
  auto shop_watch = watch_of(hub->factory(), "shop", shop);
  auto& watch = *opened.watches[0];
  CHECK(watch.selector == k_app_key);
  watch.on_event(marker(WatchEventType::listing));
  watch.on_event(event(WatchEventType::added, labelled("cart", "shop")));
  watch.on_event(event(WatchEventType::added, labelled("theirs", "other-shard")));
  watch.on_event(marker(WatchEventType::listed));
  CHECK(names_of(hub->current_objects(configmaps(), k_app_key, "shop")) ==
        std::vector<std::string>{"cart"});
  CHECK_FALSE(hub->current_objects(configmaps(), k_app_key, "other-shard"));
  // Relabelled to another shard's app: dropped here, and shop is not told to heal it.
  watch.on_event(event(WatchEventType::modified, labelled("cart", "other-shard")));
  CHECK(hub->current_objects(configmaps(), k_app_key, "shop")->empty());
  CHECK(shop.names == std::vector<std::string>{"cart"});
}

TEST_CASE("equality_selector: one key=value, nothing else") {
  const auto selector = equality_selector("gitops.kubectl.dev/app=shop");
  REQUIRE(selector);
  CHECK(selector->key == "gitops.kubectl.dev/app");
  CHECK(selector->value == "shop");
  CHECK_FALSE(equality_selector("a=b,c=d"));
  CHECK_FALSE(equality_selector("!a"));
  CHECK_FALSE(equality_selector("a!=b"));
  CHECK_FALSE(equality_selector("a in (b)"));
  CHECK_FALSE(equality_selector("=b"));
}
