#include <doctest/doctest.h>

#include "health/health_fields.hpp"

using namespace kgitops;
using namespace kgitops::health;

namespace {

// Status of a Deployment as the API server returns it, plus one malformed condition.
const char* const k_object = R"json({
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": {"generation": 7, "name": "web"},
  "spec": {"paused": true, "replicas": 3, "progressDeadlineSeconds": 600},
  "status": {
    "replicas": "3",
    "conditions": [
      {"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable",
       "message": "Deployment has minimum availability.", "observedGeneration": 7},
      {"status": "True"},
      "not a condition",
      {"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded"}
    ],
    "loadBalancer": {"ingress": [{"ip": "203.0.113.10"}, {"hostname": "lb.example.com"}]}
  }
})json";

}  // namespace

TEST_CASE("health fields: nested reads fall back on missing or mistyped fields") {
  const Json object = Json::parse(k_object);
  CHECK(field_at(object, {"metadata", "name"}) != nullptr);
  CHECK(field_at(object, {"metadata", "name", "deeper"}) == nullptr);
  CHECK(field_at(object, {"nope"}) == nullptr);

  CHECK(int_at(object, {"spec", "replicas"}) == 3);
  CHECK_FALSE(int_at(object, {"status", "replicas"}).has_value());  // a string, not an integer
  CHECK(int_at_or(object, {"status", "readyReplicas"}, -1) == -1);

  CHECK(string_at(object, {"metadata", "name"}) == "web");
  CHECK(string_at(object, {"spec", "replicas"}).empty());

  CHECK(bool_at(object, {"spec", "paused"}));
  CHECK_FALSE(bool_at(object, {"spec", "replicas"}));
  CHECK_FALSE(bool_at(Json(), {"spec", "paused"}));
}

TEST_CASE("health fields: conditions skip malformed entries") {
  const Json object = Json::parse(k_object);
  const auto conditions = conditions_of(object);
  REQUIRE(conditions.size() == 2);
  CHECK(conditions[0].type == "Available");
  CHECK(conditions[0].is_true());
  CHECK(conditions[0].observed_generation == 7);
  CHECK(conditions[1].type == "Progressing");
  CHECK(conditions[1].is_false());
  CHECK_FALSE(conditions[1].observed_generation.has_value());

  CHECK(condition_of(object, "Progressing")->reason == "ProgressDeadlineExceeded");
  CHECK_FALSE(condition_of(object, "Ready").has_value());
  CHECK(conditions_of(Json::parse(R"json({"status": {"conditions": {}}})json")).empty());
}

TEST_CASE("health fields: describe, addresses, quoting and joining") {
  CHECK(describe({"Ready", "False", "Failed", "it broke", std::nullopt}) == "Failed: it broke");
  CHECK(describe({"Ready", "False", "Failed", "", std::nullopt}) == "Failed");
  CHECK(describe({"Ready", "False", "", "it broke", std::nullopt}) == "it broke");

  const Json object = Json::parse(k_object);
  CHECK(load_balancer_addresses(object) ==
        std::vector<std::string>{"203.0.113.10", "lb.example.com"});
  CHECK(load_balancer_addresses(Json::object()).empty());

  CHECK(in_quotes("web") == "\"web\"");
  CHECK(join(std::vector<std::string>{"a", "b", "c"}, ", ") == "a, b, c");
  CHECK(join(std::vector<std::string>{}, ", ").empty());
}
