#include <doctest/doctest.h>

#include <string>

#include "core/constants.hpp"
#include "engine/object_comparison.hpp"
#include "fake_cluster.hpp"

using namespace kgitops;
using kgitops::testing::FakeCluster;

namespace {

Json web(int replicas, const std::string& image = "nginx:1.27") {
  return Json{
      {"apiVersion", "apps/v1"},
      {"kind", "Deployment"},
      {"metadata", {{"name", "web"}, {"namespace", "prod"}}},
      {"spec",
       {{"replicas", replicas},
        {"template", {{"spec", {{"containers", {{{"name", "web"}, {"image", image}}}}}}}}}}};
}

DesiredObject desired_of(const Json& object) {
  return DesiredObject{
      object, key_of(object), {"apps", "v1", "Deployment", "deployments", true}, {}, 0};
}

// The live object after our apply of `object`, in a fake cluster.
Json applied(FakeCluster& cluster, const Json& object) {
  REQUIRE(cluster.apply({object}, DryRun::no).has_value());
  return cluster.objects.at(key_of(object));
}

}  // namespace

TEST_CASE("an object as git declares it compares in sync, with no drift and no display") {
  FakeCluster cluster;
  const auto live = applied(cluster, web(2));
  const auto comparison = compare(desired_of(web(2)), live);
  CHECK(comparison.state == SyncState::in_sync);
  CHECK(comparison.drift.empty());
  CHECK_FALSE(comparison.display.has_value());
}

TEST_CASE("a drifted field is named with the manager that took it over by a forced apply") {
  FakeCluster cluster;
  applied(cluster, web(2));
  const auto live = cluster.apply_as("hpa-controller",
                                     Json{{"apiVersion", "apps/v1"},
                                          {"kind", "Deployment"},
                                          {"metadata", {{"name", "web"}, {"namespace", "prod"}}},
                                          {"spec", {{"replicas", 5}}}});
  const auto comparison = compare(desired_of(web(2)), live);
  CHECK(comparison.state == SyncState::modified);
  REQUIRE(comparison.drift.size() == 1);
  CHECK(comparison.drift[0].path == "spec.replicas");
  REQUIRE(comparison.drift[0].owner.has_value());
  CHECK(comparison.drift[0].owner->manager == "hpa-controller");
  CHECK(comparison.drift[0].owner->operation == "Apply");
}

TEST_CASE("a field of a list element is owned by the manager that applied it last") {
  FakeCluster cluster;
  applied(cluster, web(2));
  Json patch{
      {"apiVersion", "apps/v1"},
      {"kind", "Deployment"},
      {"metadata", {{"name", "web"}, {"namespace", "prod"}}},
      {"spec",
       {{"template",
         {{"spec",
           {{"containers", web(2, "nginx:1.28")["spec"]["template"]["spec"]["containers"]}}}}}}}};
  const auto live = cluster.apply_as("deploy-bot", patch);
  const auto comparison = compare(desired_of(web(2)), live);
  REQUIRE(comparison.drift.size() == 1);
  CHECK(comparison.drift[0].path == "spec.template.spec.containers[name=web].image");
  REQUIRE(comparison.drift[0].owner.has_value());
  CHECK(comparison.drift[0].owner->manager == "deploy-bot");
}

TEST_CASE("our forced apply takes the fields back, and a manager left with none is dropped") {
  FakeCluster cluster;
  applied(cluster, web(2));
  cluster.apply_as("hpa-controller", Json{{"apiVersion", "apps/v1"},
                                          {"kind", "Deployment"},
                                          {"metadata", {{"name", "web"}, {"namespace", "prod"}}},
                                          {"spec", {{"replicas", 5}}}});
  const auto live = applied(cluster, web(2));
  CHECK(compare(desired_of(web(2)), live).state == SyncState::in_sync);
  const auto& entries = live["metadata"]["managedFields"];
  REQUIRE(entries.size() == 1);
  CHECK(entries[0]["manager"] == keys::k_field_manager);
  CHECK(entries[0]["fieldsV1"]["f:spec"].contains("f:replicas"));
}

TEST_CASE("the display pair shows both sides without the manifest hash, Secrets masked") {
  FakeCluster cluster;
  auto declared = web(2);
  declared["metadata"]["annotations"] = {{std::string(keys::k_applied_hash_annotation), "abc"}};
  auto changed = declared;
  changed["spec"]["replicas"] = 3;
  changed["metadata"]["annotations"][std::string(keys::k_applied_hash_annotation)] = "def";
  const auto live = applied(cluster, declared);
  const auto comparison = compare(desired_of(changed), live, {.display = true});
  CHECK(comparison.state == SyncState::modified);
  REQUIRE(comparison.display.has_value());
  CHECK(comparison.display->live["spec"]["replicas"] == 2);
  CHECK(comparison.display->desired["spec"]["replicas"] == 3);
  CHECK_FALSE(comparison.display->desired["metadata"].contains("annotations"));
}
