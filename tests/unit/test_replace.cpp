#include <doctest/doctest.h>

#include <string>

#include "engine/replace.hpp"
#include "fake_cluster.hpp"

using namespace kgitops;
using kgitops::testing::FakeCluster;

namespace {

DesiredObject job(const std::string& image) {
  DesiredObject object;
  object.object = {{"apiVersion", "batch/v1"},
                   {"kind", "Job"},
                   {"metadata", {{"name", "migrate"}, {"namespace", "prod"}}},
                   {"spec", {{"template", {{"spec", {{"image", image}}}}}}}};
  object.key = key_of(object.object);
  object.resource = ApiResource{"batch", "v1", "Job", "jobs", true};
  return object;
}

Json create(FakeCluster& cluster, const DesiredObject& object) {
  auto applied = cluster.apply({object.object}, DryRun::no);
  REQUIRE(applied.has_value());
  return *applied->front().live;
}

}  // namespace

TEST_CASE("a replaced object is deleted and created again: a new UID, the new spec") {
  FakeCluster cluster;
  const auto live = create(cluster, job("migrate:1"));
  auto replaced = replace_object(cluster, job("migrate:2"), live, std::chrono::seconds(5));
  REQUIRE(replaced.has_value());
  const auto& now = cluster.objects.at(job("").key);
  CHECK(now["metadata"]["uid"] != live["metadata"]["uid"]);
  CHECK(now["spec"]["template"]["spec"]["image"] == "migrate:2");
  CHECK(cluster.deletes == 1);
}

TEST_CASE("an object replaced by someone else since it was read is not deleted") {
  FakeCluster cluster;
  auto live = create(cluster, job("migrate:1"));
  live["metadata"]["uid"] = "uid-of-an-older-object";
  auto replaced = replace_object(cluster, job("migrate:2"), live, std::chrono::seconds(5));
  REQUIRE_FALSE(replaced.has_value());
  CHECK(cluster.deletes == 0);
  CHECK(cluster.objects.at(job("").key)["spec"]["template"]["spec"]["image"] == "migrate:1");
}

TEST_CASE("the server dry run tells which modified objects change an immutable field") {
  FakeCluster cluster;
  auto forced = job("migrate:1");
  forced.object["metadata"]["annotations"] = {{"gitops.kubectl.dev/force", "enabled"}};
  create(cluster, forced);
  cluster.immutable_names.insert("migrate");
  Reconciliation reconciliation;
  ObjectState modified;
  modified.key = forced.key;
  modified.state = SyncState::modified;
  modified.desired = forced;
  reconciliation.objects.push_back(modified);
  auto changes = find_immutable_changes(cluster, reconciliation);
  REQUIRE(changes.has_value());
  REQUIRE(changes->size() == 1);
  CHECK(changes->front().key == forced.key);
  CHECK(changes->front().fields == std::vector<std::string>{"spec.template"});
  CHECK(changes->front().replace_allowed);
  cluster.immutable_names.clear();
  changes = find_immutable_changes(cluster, reconciliation);
  REQUIRE(changes.has_value());
  CHECK(changes->empty());
  CHECK(cluster.applies == 1);  // the create; dry runs write nothing
}
