#include <doctest/doctest.h>

#include "core/constants.hpp"
#include "engine/health_wait.hpp"
#include "fake_cluster.hpp"
#include "fake_health_clock.hpp"

using namespace kgitops;
using kgitops::testing::FakeCluster;
using kgitops::testing::FakeHealthClock;

namespace {

const ResourceKey k_web{"apps", "Deployment", "shop", "web"};
const ResourceKey k_settings{"", "ConfigMap", "shop", "settings"};
const ResourceKey k_migrate{"batch", "Job", "shop", "migrate"};

Scope test_scope() {
  return Scope(std::vector<ApiResource>{{"", "v1", "ConfigMap", "configmaps", true},
                                        {"", "v1", "Pod", "pods", true},
                                        {"apps", "v1", "Deployment", "deployments", true},
                                        {"batch", "v1", "Job", "jobs", true}},
               {});
}

Json owned(const ResourceKey& key) {
  const std::string api_version = key.group.empty() ? "v1" : key.group + "/v1";
  return {{"apiVersion", api_version},
          {"kind", key.kind},
          {"metadata",
           {{"name", key.name},
            {"namespace", key.ns},
            {"generation", 1},
            {"labels", {{std::string(keys::k_app_label), "shop"}}}}}};
}

Json web(int available) {
  auto object = owned(k_web);
  object["spec"] = {{"replicas", 2}, {"selector", {{"matchLabels", {{"app", "web"}}}}}};
  object["status"] = {{"observedGeneration", 1},
                      {"replicas", 2},
                      {"updatedReplicas", 2},
                      {"availableReplicas", available}};
  return object;
}

Json pending_pod(const std::string& name) {
  return {{"apiVersion", "v1"},
          {"kind", "Pod"},
          {"metadata", {{"name", name}, {"namespace", "shop"}, {"labels", {{"app", "web"}}}}},
          {"status",
           {{"phase", "Pending"},
            {"containerStatuses",
             Json::array({{{"name", "web"},
                           {"ready", false},
                           {"state", {{"waiting", {{"reason", "ImagePullBackOff"}}}}}}})}}}};
}

struct RecordingProgress final : HealthProgress {
  std::vector<std::size_t> healthy_counts;
  bool finished = false;
  void update(const std::vector<ObjectHealth>& objects) override {
    healthy_counts.push_back(
        static_cast<std::size_t>(std::count_if(objects.begin(), objects.end(), [](const auto& o) {
          return health_settled(o.health.state);
        })));
  }
  void finish() override { finished = true; }
};

}  // namespace

TEST_CASE("objects that are healthy at the first look end the wait without sleeping") {
  FakeCluster cluster;
  cluster.objects[k_web] = web(2);
  cluster.objects[k_settings] = owned(k_settings);
  FakeHealthClock time;
  RecordingProgress progress;
  auto result = wait_for_health(cluster, test_scope(), "shop", {k_settings, k_web},
                                time.options(std::chrono::seconds(30)), progress);
  REQUIRE(result.has_value());
  CHECK(result->outcome == HealthWaitOutcome::healthy);
  CHECK(time.sleeps == 0);
  CHECK(result->blocking.empty());
  CHECK(progress.healthy_counts == std::vector<std::size_t>{2});
  CHECK(progress.finished);
}

TEST_CASE("the wait looks again until a rollout finishes") {
  FakeCluster cluster;
  cluster.objects[k_web] = web(0);
  FakeHealthClock time;
  time.on_sleep = [&](int sleeps) { cluster.objects[k_web] = web(sleeps >= 3 ? 2 : 1); };
  RecordingProgress progress;
  auto result = wait_for_health(cluster, test_scope(), "shop", {k_web},
                                time.options(std::chrono::seconds(30)), progress);
  REQUIRE(result.has_value());
  CHECK(result->outcome == HealthWaitOutcome::healthy);
  CHECK(time.sleeps == 3);
  CHECK(result->waited == std::chrono::seconds(3));
  CHECK(progress.healthy_counts == std::vector<std::size_t>{0, 0, 0, 1});
}

TEST_CASE("a timeout names what is not healthy and the reason of its worst pod") {
  FakeCluster cluster;
  cluster.objects[k_web] = web(0);
  cluster.objects[k_settings] = owned(k_settings);
  cluster.objects[{"", "Pod", "shop", "web-1"}] = pending_pod("web-1");
  auto other_namespace = pending_pod("web-9");
  other_namespace["metadata"]["namespace"] = "elsewhere";
  cluster.objects[{"", "Pod", "elsewhere", "web-9"}] = other_namespace;
  FakeHealthClock time;
  RecordingProgress progress;
  auto result = wait_for_health(cluster, test_scope(), "shop", {k_settings, k_web},
                                time.options(std::chrono::seconds(5)), progress);
  REQUIRE(result.has_value());
  CHECK(result->outcome == HealthWaitOutcome::timed_out);
  CHECK(result->waited == std::chrono::seconds(5));
  REQUIRE(result->blocking.size() == 1);
  CHECK(result->blocking[0].key == k_web);
  CHECK(result->blocking[0].health.state == HealthState::progressing);
  const auto& message = result->blocking[0].health.message;
  CAPTURE(message);
  CHECK(message.find("0 of 2 updated replicas are available") != std::string::npos);
  CHECK(message.find("pod web-1: container \"web\" is in ImagePullBackOff") != std::string::npos);
  CHECK(message.find("web-9") == std::string::npos);
  CHECK(progress.finished);
}

TEST_CASE("a degraded object ends the wait at once") {
  FakeCluster cluster;
  auto job = owned(k_migrate);
  job["status"] = {
      {"conditions", Json::array({{{"type", "Failed"},
                                   {"status", "True"},
                                   {"reason", "BackoffLimitExceeded"},
                                   {"message", "Job has reached the specified backoff limit"}}})}};
  cluster.objects[k_migrate] = job;
  cluster.objects[k_web] = web(0);
  FakeHealthClock time;
  RecordingProgress progress;
  auto result = wait_for_health(cluster, test_scope(), "shop", {k_web, k_migrate},
                                time.options(std::chrono::seconds(60)), progress);
  REQUIRE(result.has_value());
  CHECK(result->outcome == HealthWaitOutcome::degraded);
  CHECK(time.sleeps == 0);
  REQUIRE(result->blocking.size() == 1);
  CHECK(result->blocking[0].key == k_migrate);
  CHECK(result->blocking[0].health.message.find("BackoffLimitExceeded") != std::string::npos);
}

TEST_CASE("an object the cluster does not have is Missing until it appears") {
  FakeCluster cluster;
  FakeHealthClock time;
  time.on_sleep = [&](int sleeps) {
    if (sleeps == 2) {
      cluster.objects[k_settings] = owned(k_settings);
    }
  };
  RecordingProgress progress;
  auto result = wait_for_health(cluster, test_scope(), "shop", {k_settings},
                                time.options(std::chrono::seconds(30)), progress);
  REQUIRE(result.has_value());
  CHECK(result->outcome == HealthWaitOutcome::healthy);
  CHECK(time.sleeps == 2);
}

TEST_CASE("an object of another app, or without the app's label, does not count") {
  FakeCluster cluster;
  auto foreign = web(2);
  foreign["metadata"]["labels"][std::string(keys::k_app_label)] = "other";
  cluster.objects[k_web] = foreign;
  FakeHealthClock time;
  SilentHealthProgress progress;
  auto result = wait_for_health(cluster, test_scope(), "shop", {k_web},
                                time.options(std::chrono::seconds(2)), progress);
  REQUIRE(result.has_value());
  CHECK(result->outcome == HealthWaitOutcome::timed_out);
  REQUIRE(result->blocking.size() == 1);
  CHECK(result->blocking[0].health.state == HealthState::missing);
}

TEST_CASE("a suspended object counts as arrived") {
  FakeCluster cluster;
  auto paused = web(0);
  paused["spec"]["paused"] = true;
  cluster.objects[k_web] = paused;
  FakeHealthClock time;
  SilentHealthProgress progress;
  auto result = wait_for_health(cluster, test_scope(), "shop", {k_web},
                                time.options(std::chrono::seconds(30)), progress);
  REQUIRE(result.has_value());
  CHECK(result->outcome == HealthWaitOutcome::healthy);
  CHECK(app_health(result->objects) == HealthState::suspended);
}

TEST_CASE("the app's health is its worst object's") {
  const std::vector<ObjectHealth> objects = {{k_web, {HealthState::progressing, ""}},
                                             {k_settings, {HealthState::healthy, ""}},
                                             {k_migrate, {HealthState::degraded, ""}}};
  CHECK(app_health(objects) == HealthState::degraded);
  CHECK(app_health({}) == HealthState::healthy);
}

TEST_CASE("one look assesses every object, Missing included, in the order asked") {
  FakeCluster cluster;
  cluster.objects[k_web] = web(2);
  auto looked = assess_objects(cluster, test_scope(), "shop", {k_settings, k_web});
  REQUIRE(looked.has_value());
  REQUIRE(looked->size() == 2);
  CHECK((*looked)[0].key == k_settings);
  CHECK((*looked)[0].health.state == HealthState::missing);
  CHECK((*looked)[1].health.state == HealthState::healthy);
  CHECK(cluster.lists == 1);  // one request for both kinds
}

TEST_CASE("a wait asked to stop ends at once with an error, without looking again") {
  FakeCluster cluster;
  cluster.objects[k_web] = web(0);
  FakeHealthClock time;
  bool stopping = false;
  time.on_sleep = [&](int sleeps) { stopping = sleeps == 2; };
  auto options = time.options(std::chrono::minutes(5));
  options.should_stop = [&] { return stopping; };
  RecordingProgress progress;
  const auto lists_before = cluster.lists;
  auto result = wait_for_health(cluster, test_scope(), "shop", {k_web}, options, progress);
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().message.find("stopped while waiting") != std::string::npos);
  CHECK(cluster.lists - lists_before == 2);
  CHECK(progress.finished);
}
