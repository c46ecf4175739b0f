#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "watch/labelled_objects.hpp"

using namespace kgitops;

namespace {

constexpr const char* k_key = "gitops.kubectl.dev/app";

Json object(const std::string& name, const std::optional<std::string>& app,
            const std::string& data = "x") {
  Json made{{"apiVersion", "v1"},
            {"kind", "ConfigMap"},
            {"metadata", {{"name", name}, {"namespace", "prod"}}},
            {"data", {{"v", data}}}};
  if (app) {
    made["metadata"]["labels"][k_key] = *app;
  }
  return made;
}

std::vector<std::string> names(const std::vector<std::pair<ResourceKey, Json>>& objects) {
  std::vector<std::string> found;
  for (const auto& [key, value] : objects) {
    CHECK(key.name == name_of(value));
    found.push_back(key.name);
  }
  return found;
}

}  // namespace

TEST_CASE("labelled objects are found by their label's value, and follow it when it changes") {
  LabelledObjects objects(k_key);
  objects.put(key_of(object("cart", "shop")), object("cart", "shop"));
  objects.put(key_of(object("posts", "blog")), object("posts", "blog"));
  objects.put(key_of(object("orders", "shop")), object("orders", "shop", "one"));
  objects.put(key_of(object("bare", std::nullopt)), object("bare", std::nullopt));
  CHECK(objects.size() == 4);
  CHECK(names(objects.with_label("shop")) == std::vector<std::string>{"cart", "orders"});
  CHECK(names(objects.with_label("blog")) == std::vector<std::string>{"posts"});
  CHECK(objects.with_label("none").empty());

  // Replaced: the latest copy, and under its new label.
  objects.put(key_of(object("orders", "shop")), object("orders", "shop", "two"));
  CHECK(objects.with_label("shop")[1].second["data"]["v"] == "two");
  objects.put(key_of(object("cart", "blog")), object("cart", "blog"));
  CHECK(names(objects.with_label("shop")) == std::vector<std::string>{"orders"});
  CHECK(names(objects.with_label("blog")) == std::vector<std::string>{"cart", "posts"});
  CHECK(objects.size() == 4);

  objects.erase(key_of(object("posts", "blog")));
  objects.erase(key_of(object("never", "blog")));  // not held: nothing happens
  CHECK(names(objects.with_label("blog")) == std::vector<std::string>{"cart"});
  const auto taken = objects.take(key_of(object("bare", std::nullopt)));
  CHECK(name_of(taken) == "bare");
  CHECK(objects.size() == 2);
  CHECK(objects.keys().size() == 2);
}

TEST_CASE("an object with bytes that are not UTF-8 is kept, not thrown on") {
  LabelledObjects objects(k_key);
  auto odd = object("odd", "shop",
                    std::string("a\xff"
                                "b"));
  objects.put(key_of(odd), odd);
  const auto found = objects.with_label("shop");
  REQUIRE(found.size() == 1);
  CHECK(found[0].second["data"]["v"].get<std::string>() ==
        "a\xef\xbf\xbd"
        "b");
}
