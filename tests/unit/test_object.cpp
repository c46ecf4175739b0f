#include <doctest/doctest.h>

#include "core/object.hpp"

using namespace kgitops;

namespace {

Json deployment() {
  return Json::parse(R"({
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "web", "namespace": "prod",
                 "labels": {"app": "web", "tier": "front", "count": 3},
                 "annotations": {"note": "hello"}}})");
}

}  // namespace

TEST_CASE("the readers return the common fields of an object") {
  const auto object = deployment();
  CHECK(api_version_of(object) == "apps/v1");
  CHECK(kind_of(object) == "Deployment");
  CHECK(name_of(object) == "web");
  CHECK(namespace_of(object) == "prod");
  CHECK(key_of(object) == ResourceKey{"apps", "Deployment", "prod", "web"});
  CHECK(key_of(Json::parse(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a"}})")) ==
        ResourceKey{"", "Namespace", "", "a"});
}

TEST_CASE("missing or mistyped fields read as empty and never throw") {
  for (const auto& object :
       {Json(), Json(42), Json::array({1, 2}), Json::object(),
        Json::parse(R"({"apiVersion": 1, "kind": ["x"], "metadata": "text"})"),
        Json::parse(R"({"metadata": {"name": 7, "labels": [], "annotations": "x"}})")}) {
    CHECK(api_version_of(object).empty());
    CHECK(kind_of(object).empty());
    CHECK(name_of(object).empty());
    CHECK(namespace_of(object).empty());
    CHECK(key_of(object) == ResourceKey{});
    CHECK_FALSE(label_of(object, "app").has_value());
    CHECK_FALSE(annotation_of(object, "note").has_value());
    CHECK(labels_of(object).empty());
    CHECK(annotations_of(object).empty());
  }
}

TEST_CASE("labels and annotations: only string values count") {
  const auto object = deployment();
  CHECK(label_of(object, "app") == "web");
  CHECK_FALSE(label_of(object, "count").has_value());
  CHECK_FALSE(label_of(object, "absent").has_value());
  CHECK(annotation_of(object, "note") == "hello");
  CHECK_FALSE(annotation_of(object, "app").has_value());
  const auto labels = labels_of(object);
  CHECK(labels.size() == 2);
  CHECK(labels.at("tier") == "front");
  CHECK(annotations_of(object) == std::map<std::string, std::string>{{"note", "hello"}});
}

TEST_CASE("set_label and set_annotation create metadata maps as needed") {
  Json object = Json::parse(R"({"apiVersion": "v1", "kind": "ConfigMap"})");
  set_label(object, "gitops.kubectl.dev/app", "shop");
  set_annotation(object, "a/b", "c");
  CHECK(label_of(object, "gitops.kubectl.dev/app") == "shop");
  CHECK(annotation_of(object, "a/b") == "c");
  set_label(object, "gitops.kubectl.dev/app", "other");
  CHECK(label_of(object, "gitops.kubectl.dev/app") == "other");
  CHECK(labels_of(object).size() == 1);
}

TEST_CASE("a source location prints as file:line, or the file alone when the line is unknown") {
  CHECK(to_string(SourceLocation{"deploy/web.yaml", 12}) == "deploy/web.yaml:12");
  CHECK(to_string(SourceLocation{"deploy/web.yaml", 0}) == "deploy/web.yaml");
}
