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
