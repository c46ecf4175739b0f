#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "render/manifest_check.hpp"

using namespace kgitops;

namespace {

const SourceLocation k_source{"app/a.yaml", 3};

std::string refusal(const Json& value) {
  std::vector<Manifest> manifests;
  auto added = add_manifest(value, k_source, manifests);
  REQUIRE_FALSE(added);
  CHECK(manifests.empty());
  CHECK(added.error().where.file == "app/a.yaml");
  CHECK(added.error().where.line == 3);
  return added.error().message;
}

}  // namespace

TEST_CASE("add_manifest adds an object, and each item of a List, with its source") {
  std::vector<Manifest> manifests;
  const auto configmap =
      Json::parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}})");
  REQUIRE(add_manifest(configmap, k_source, manifests));
  auto list = Json{{"apiVersion", "v1"}, {"kind", "List"}, {"items", Json::array({configmap})}};
  list["items"][0]["metadata"]["name"] = "b";
  REQUIRE(add_manifest(list, k_source, manifests));
  REQUIRE(add_manifest(Json{{"apiVersion", "v1"}, {"kind", "List"}}, k_source, manifests));
  REQUIRE(manifests.size() == 2);
  CHECK(name_of(manifests[1].object) == "b");
  CHECK(manifests[1].source.line == 3);
}

TEST_CASE("add_manifest refuses what a sync could not track, naming where") {
  CHECK(refusal(Json::array()).find("not a map") != std::string::npos);
  CHECK(refusal(Json{{"kind", "ConfigMap"}, {"metadata", {{"name", "a"}}}}) ==
        "object has no apiVersion");
  CHECK(refusal(Json{{"apiVersion", "v1"}, {"metadata", {{"name", "a"}}}}) == "object has no kind");
  CHECK(refusal(Json{{"apiVersion", "v1"}, {"kind", "ConfigMap"}}) ==
        "object has no metadata.name");
  CHECK(refusal(Json::parse(R"({"apiVersion":"v1","kind":"ConfigMap",
        "metadata":{"name":"a","labels":{"tier":1}}})")) ==
        "metadata.labels.tier must be a string, not number (quote it)");
  CHECK(refusal(Json{{"apiVersion", "v1"}, {"kind", "List"}, {"items", "x"}}) ==
        "List has no items array");
}

TEST_CASE("add_manifest lets a hook leave its name to the server, and nothing else") {
  std::vector<Manifest> manifests;
  auto job = Json::parse(R"({"apiVersion":"batch/v1","kind":"Job",
      "metadata":{"generateName":"migrate-","annotations":{"helm.sh/hook":"pre-install"}}})");
  CHECK(add_manifest(job, k_source, manifests));
  job["metadata"].erase("annotations");
  CHECK(refusal(job) == "object has no metadata.name");
}
