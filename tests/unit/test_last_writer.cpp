#include <doctest/doctest.h>

#include "watch/last_writer.hpp"

using namespace kgitops;

TEST_CASE("the last writer is the most recent manager that is not us") {
  const auto object = Json::parse(R"({"metadata": {"managedFields": [
    {"manager": "kubectl-gitops", "operation": "Apply", "time": "2026-11-29T17:40:05Z"},
    {"manager": "kube-controller-manager", "operation": "Update", "time": "2026-11-29T17:40:01Z"},
    {"manager": "kubectl", "operation": "Update", "subresource": "scale", "time": "2026-11-29T17:40:03Z"}
  ]}})");
  CHECK(last_writer(object) == "kubectl");
  CHECK(last_writer(Json::object()) == "unknown");
}

TEST_CASE("a controller updating the status is not the last writer") {
  const auto object = Json::parse(R"({"metadata": {"managedFields": [
    {"manager": "kubectl", "operation": "Update", "subresource": "scale", "time": "2026-11-29T17:40:03Z"},
    {"manager": "kube-controller-manager", "operation": "Update", "subresource": "status", "time": "2026-11-29T17:40:04Z"}
  ]}})");
  CHECK(last_writer(object) == "kubectl");
}

TEST_CASE("the writer of a fought field is its owner from managedFields, not the latest writer") {
  const auto object = Json::parse(R"({"metadata": {"managedFields": [
    {"manager": "kubectl", "operation": "Update", "time": "2026-11-29T17:40:09Z"}
  ]}})");
  const std::vector<DriftedField> drift{
      {"spec.template.spec.containers[name=web].image", FieldOwner{"deploy-bot", "Apply", "", ""}},
      {"spec.replicas", FieldOwner{"horizontal-pod-autoscaler", "Update", "scale", ""}}};
  CHECK(writer_of(drift, "spec.replicas", object) == "horizontal-pod-autoscaler");
  // Owned by no one else, or the whole object: the latest writer is the best guess.
  CHECK(writer_of(drift, "(object)", object) == "kubectl");
  const std::vector<DriftedField> ours{
      {"spec.replicas", FieldOwner{"kubectl-gitops", "Apply", "", ""}}};
  CHECK(writer_of(ours, "spec.replicas", object) == "kubectl");
}
