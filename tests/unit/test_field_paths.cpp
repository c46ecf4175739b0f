#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/field_paths.hpp"

using namespace kgitops;

namespace {

std::vector<std::string> paths(const char* desired, const char* live) {
  std::vector<std::string> texts;
  for (const auto& path : differing_paths(Json::parse(desired), Json::parse(live))) {
    texts.push_back(to_string(path));
  }
  return texts;
}

const char* const k_deployment = R"({"spec": {"replicas": 2, "template": {"spec": {"containers": [
  {"name": "web", "image": "nginx:1.27",
   "resources": {"requests": {"cpu": 0.5, "memory": "1Gi"}}}]}}}})";

}  // namespace

TEST_CASE("differing_paths names each leaf that differs, list elements by name") {
  CHECK(paths(k_deployment, k_deployment).empty());
  CHECK(paths(k_deployment, R"({"spec": {"replicas": 5, "template": {"spec": {"containers": [
    {"name": "web", "image": "nginx:1.28",
     "resources": {"requests": {"cpu": "500m", "memory": "1Gi"}}}]}}}})") ==
        std::vector<std::string>{"spec.replicas", "spec.template.spec.containers[name=web].image"});
}

TEST_CASE("differing_paths compares quantities by value, exactly as equivalent() does") {
  // The server's canonical forms of git's values are no difference...
  CHECK(paths(k_deployment, R"({"spec": {"replicas": 3, "template": {"spec": {"containers": [
    {"name": "web", "image": "nginx:1.27",
     "resources": {"requests": {"cpu": "500m", "memory": "1024Mi"}}}]}}}})") ==
        std::vector<std::string>{"spec.replicas"});
  // ...but elsewhere two strings differ as text.
  CHECK(paths(R"({"metadata": {"annotations": {"version": "1.10"}}})",
              R"({"metadata": {"annotations": {"version": "1.1"}}})") ==
        std::vector<std::string>{"metadata.annotations.version"});
}

TEST_CASE("a field only one side has is a difference") {
  CHECK(paths(R"({"data": {"a": "1"}})", R"({"data": {"a": "1", "b": "2"}})") ==
        std::vector<std::string>{"data.b"});
  CHECK(paths(R"({"data": {"a": "1", "b": "2"}})", R"({"data": {"a": "1"}})") ==
        std::vector<std::string>{"data.b"});
}

TEST_CASE("fields_contain follows fieldsV1, whole values included") {
  const auto fields = Json::parse(R"({"f:spec": {"f:replicas": {},
    "f:template": {"f:spec": {"f:containers": {"k:{\"name\":\"web\"}": {".": {}, "f:image": {}}}}}}})");
  CHECK(fields_contain(fields, {{"spec", {}, {}}, {"replicas", {}, {}}}));
  CHECK(fields_contain(fields, {{"spec", {}, {}},
                                {"template", {}, {}},
                                {"spec", {}, {}},
                                {"containers", {}, {}},
                                {"", Json{{"name", "web"}}, {}},
                                {"image", {}, {}}}));
  CHECK_FALSE(fields_contain(fields, {{"spec", {}, {}}, {"paused", {}, {}}}));
}

TEST_CASE("remove_fields drops what fieldsV1 names, in maps and keyed list elements") {
  auto object = Json::parse(k_deployment);
  remove_fields(object, Json::parse(R"({"f:spec": {"f:replicas": {},
    "f:template": {"f:spec": {"f:containers": {"k:{\"name\":\"web\"}": {"f:image": {}}}}}}})"));
  CHECK_FALSE(object["spec"].contains("replicas"));
  const auto& container = object["spec"]["template"]["spec"]["containers"][0];
  CHECK_FALSE(container.contains("image"));
  CHECK(container["name"] == "web");
  CHECK(container.contains("resources"));
}
