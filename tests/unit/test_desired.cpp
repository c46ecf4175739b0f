#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/constants.hpp"
#include "engine/desired.hpp"
#include "engine/inventory.hpp"

using namespace kgitops;

namespace {

Manifest manifest(const std::string& json, const std::string& file, int line = 1) {
  return Manifest{Json::parse(json), {file, line}};
}

Manifest config_map(const std::string& name, const std::string& ns, const std::string& file) {
  Json object{{"apiVersion", "v1"},
              {"kind", "ConfigMap"},
              {"metadata", {{"name", name}}},
              {"data", {{"a", "b"}}}};
  if (!ns.empty()) {
    object["metadata"]["namespace"] = ns;
  }
  return Manifest{object, {file, 1}};
}

AppSpec app(const std::string& default_namespace = "prod") {
  AppSpec spec;
  spec.name = "shop";
  spec.source = SourceSpec{"/repos/shop", ""};
  spec.default_namespace = default_namespace;
  return spec;
}

Result<std::vector<DesiredObject>> prepare(const std::vector<Manifest>& manifests,
                                           const AppSpec& spec = app()) {
  return prepare_desired(manifests, Scope(manifests), spec);
}

Manifest with_wave(Manifest item, const std::string& wave) {
  set_annotation(item.object, keys::k_sync_wave_annotation, wave);
  return item;
}

}  // namespace

TEST_CASE("namespaced kinds without a namespace get the app's default namespace") {
  auto desired = prepare({config_map("a", "", "a.yaml"), config_map("b", "other", "b.yaml")});
  REQUIRE(desired.has_value());
  REQUIRE(desired->size() == 2);
  CHECK((*desired)[0].key == ResourceKey{"", "ConfigMap", "prod", "a"});
  CHECK(namespace_of((*desired)[0].object) == "prod");
  CHECK((*desired)[1].key.ns == "other");
  CHECK((*desired)[0].resource.resource == "configmaps");
  CHECK((*desired)[0].source.file == "a.yaml");
}

TEST_CASE("an empty namespace counts as none, and the fallback default is 'default'") {
  auto desired = prepare({config_map("a", "", "a.yaml")}, app(""));
  REQUIRE(desired.has_value());
  CHECK(desired->front().key.ns == "default");
  auto explicit_empty = prepare(
      {manifest(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","namespace":""}})",
                "a.yaml")});
  REQUIRE(explicit_empty.has_value());
  CHECK(explicit_empty->front().key.ns == "prod");
}

TEST_CASE("cluster-scoped kinds lose any namespace they were given") {
  auto desired = prepare(
      {manifest(
           R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"prod","namespace":"x"}})",
           "ns.yaml"),
       manifest(
           R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole",
          "metadata":{"name":"reader"}})",
           "role.yaml")});
  REQUIRE(desired.has_value());
  CHECK((*desired)[0].key == ResourceKey{"", "Namespace", "", "prod"});
  CHECK_FALSE((*desired)[0].object["metadata"].contains("namespace"));
  CHECK((*desired)[1].key == ResourceKey{"rbac.authorization.k8s.io", "ClusterRole", "", "reader"});
  CHECK_FALSE((*desired)[1].object["metadata"].contains("namespace"));
}

TEST_CASE("a custom resource's scope comes from its CRD in the same render") {
  const auto crd = manifest(R"({"apiVersion":"apiextensions.k8s.io/v1",
      "kind":"CustomResourceDefinition","metadata":{"name":"gadgets.example.com"},
      "spec":{"group":"example.com","scope":"Cluster","names":{"kind":"Gadget","plural":"gadgets"},
              "versions":[{"name":"v1","served":true,"storage":true}]}})",
                            "crd.yaml");
  const auto gadget = manifest(
      R"({"apiVersion":"example.com/v1","kind":"Gadget","metadata":{"name":"g","namespace":"x"}})",
      "gadget.yaml");
  auto desired = prepare({crd, gadget});
  REQUIRE(desired.has_value());
  CHECK((*desired)[1].key == ResourceKey{"example.com", "Gadget", "", "g"});
}

TEST_CASE("the same object declared twice, once its namespace is defaulted, names both files") {
  auto desired =
      prepare({config_map("a", "", "base/a.yaml"), config_map("a", "prod", "extra/a.yaml")});
  REQUIRE_FALSE(desired.has_value());
  const auto& message = to_string(desired.error());
  CHECK(message.find("base/a.yaml") != std::string::npos);
  CHECK(message.find("extra/a.yaml") != std::string::npos);
  CHECK(message.find("twice") != std::string::npos);
  // In different namespaces they are different objects.
  CHECK(prepare({config_map("a", "", "a.yaml"), config_map("a", "dev", "b.yaml")}).has_value());
}

TEST_CASE("a kind nobody serves is an error naming the file, the kind and its group") {
  auto desired = prepare(
      {config_map("a", "", "a.yaml"), manifest(R"({"apiVersion":"example.com/v1","kind":"Widget",
                                       "metadata":{"name":"w"}})",
                                               "widgets/w.yaml", 7)});
  REQUIRE_FALSE(desired.has_value());
  const auto& message = to_string(desired.error());
  CHECK(message.find("widgets/w.yaml:7") != std::string::npos);
  CHECK(message.find("Widget") != std::string::npos);
  CHECK(message.find("example.com") != std::string::npos);
}

TEST_CASE("sync waves are integers, 0 by default") {
  auto desired =
      prepare({config_map("a", "", "a.yaml"), with_wave(config_map("b", "", "b.yaml"), "-2"),
               with_wave(config_map("c", "", "c.yaml"), "5")});
  REQUIRE(desired.has_value());
  CHECK((*desired)[0].wave == 0);
  CHECK((*desired)[1].wave == -2);
  CHECK((*desired)[2].wave == 5);
}

TEST_CASE("a sync wave that is not an integer is an error naming the file") {
  for (const auto* wave : {"", "abc", "1x", "1.5", " 1", "99999999999999999999"}) {
    CAPTURE(wave);
    auto desired = prepare({with_wave(config_map("b", "", "waves/b.yaml"), wave)});
    REQUIRE_FALSE(desired.has_value());
    CHECK(to_string(desired.error()).find("waves/b.yaml") != std::string::npos);
    CHECK(to_string(desired.error()).find(keys::k_sync_wave_annotation) != std::string::npos);
  }
}

TEST_CASE("every object carries the app's ownership marks") {
  auto desired = prepare({config_map("a", "", "a.yaml")});
  REQUIRE(desired.has_value());
  const auto& object = desired->front().object;
  CHECK(label_of(object, keys::k_app_label) == "shop");
  CHECK(label_of(object, keys::k_applyset_part_of_label) == applyset_id("shop"));
  CHECK(annotation_of(object, keys::k_tracking_annotation) == "shop:/ConfigMap:prod/a");
  const auto hash = annotation_of(object, keys::k_applied_hash_annotation);
  REQUIRE(hash.has_value());
  CHECK(hash->size() == 32);
  // The hash is of the object as it is applied, without the hash itself.
  Json without_hash = object;
  without_hash["metadata"]["annotations"].erase(std::string(keys::k_applied_hash_annotation));
  CHECK(*hash == manifest_hash(without_hash));
}

TEST_CASE("existing labels and annotations are kept beside the marks") {
  auto item = config_map("a", "", "a.yaml");
  set_label(item.object, "team", "web");
  set_annotation(item.object, "note", "keep me");
  auto desired = prepare({item});
  REQUIRE(desired.has_value());
  CHECK(label_of(desired->front().object, "team") == "web");
  CHECK(annotation_of(desired->front().object, "note") == "keep me");
}

TEST_CASE("a manifest's status is dropped: it is the server's to write") {
  auto item = config_map("a", "", "a.yaml");
  item.object["status"] = {{"phase", "Ready"}};
  auto desired = prepare({item});
  REQUIRE(desired.has_value());
  CHECK_FALSE(desired->front().object.contains("status"));
}

TEST_CASE("manifest_hash is stable and changes with any field") {
  const auto a = Json::parse(R"({"kind":"ConfigMap","data":{"x":"1","y":"2"}})");
  const auto reordered = Json::parse(R"({"data":{"y":"2","x":"1"},"kind":"ConfigMap"})");
  CHECK(manifest_hash(a) == manifest_hash(a));
  CHECK(manifest_hash(a) == manifest_hash(reordered));
  auto changed = a;
  changed["data"]["y"] = "3";
  CHECK(manifest_hash(a) != manifest_hash(changed));
  auto retyped = a;
  retyped["data"]["y"] = 2;
  CHECK(manifest_hash(a) != manifest_hash(retyped));
  auto removed = a;
  removed["data"].erase("y");
  CHECK(manifest_hash(a) != manifest_hash(removed));

  // The same manifest prepared twice gets the same hash; a changed one does not.
  auto first = prepare({config_map("a", "", "a.yaml")});
  auto second = prepare({config_map("a", "", "a.yaml")});
  auto edited_item = config_map("a", "", "a.yaml");
  edited_item.object["data"]["a"] = "c";
  auto edited = prepare({edited_item});
  const auto hash_of = [](const auto& desired) {
    return annotation_of(desired->front().object, keys::k_applied_hash_annotation);
  };
  CHECK(hash_of(first) == hash_of(second));
  CHECK(hash_of(first) != hash_of(edited));
}

TEST_CASE("offline with unknown kinds allowed, such an object keeps its namespace as written") {
  const std::vector<Manifest> manifests{
      manifest(R"({"apiVersion":"example.com/v1","kind":"Widget",
                   "metadata":{"name":"w","namespace":"tools"}})",
               "w.yaml"),
      manifest(R"({"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"bare"}})",
               "bare.yaml")};
  auto desired = prepare_desired(manifests, Scope(manifests, UnknownKinds::allow), app());
  REQUIRE(desired.has_value());
  CHECK((*desired)[0].key == ResourceKey{"example.com", "Widget", "tools", "w"});
  CHECK((*desired)[1].key == ResourceKey{"example.com", "Widget", "", "bare"});
  CHECK((*desired)[0].resource.group == "example.com");
  CHECK((*desired)[0].resource.resource.empty());
  CHECK(label_of((*desired)[0].object, keys::k_app_label) == "shop");
}

TEST_CASE("Argo CD's sync wave orders an object when ours is absent; ours wins when both are set") {
  auto argo = config_map("a", "", "a.yaml");
  set_annotation(argo.object, keys::k_argo_sync_wave_annotation, "3");
  auto both = with_wave(config_map("b", "", "b.yaml"), "-1");
  set_annotation(both.object, keys::k_argo_sync_wave_annotation, "7");
  auto desired = prepare({argo, both});
  REQUIRE(desired.has_value());
  CHECK((*desired)[0].wave == 3);
  CHECK((*desired)[1].wave == -1);
}

TEST_CASE("an Argo CD sync wave that is not an integer is an error naming its annotation") {
  auto argo = config_map("a", "", "a.yaml");
  set_annotation(argo.object, keys::k_argo_sync_wave_annotation, "first");
  auto desired = prepare({argo});
  REQUIRE_FALSE(desired.has_value());
  CHECK(to_string(desired.error()).find("a.yaml") != std::string::npos);
  CHECK(to_string(desired.error()).find(keys::k_argo_sync_wave_annotation) != std::string::npos);
}
