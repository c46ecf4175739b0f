#pragma once

// Objects as a diff sees them: prepared as sync prepares git's objects, and
// as the fake cluster answers their apply. Shared by the diff printers' tests.

#include <doctest/doctest.h>

#include <vector>

#include "engine/desired.hpp"
#include "fake_cluster.hpp"

namespace kgitops::testing {

inline AppSpec shop() {
  AppSpec spec;
  spec.name = "shop";
  spec.default_namespace = "prod";
  return spec;
}

inline DesiredObject prepare(const Json& object) {
  const std::vector<Manifest> manifests{{object, {name_of(object) + ".yaml", 1}}};
  auto desired = prepare_desired(manifests, Scope(manifests), shop());
  REQUIRE(desired.has_value());
  return desired->front();
}

inline Json applied(const DesiredObject& desired) {
  FakeCluster cluster;
  auto results = cluster.apply({desired.object}, DryRun::no);
  REQUIRE(results.has_value());
  return *results->front().live;
}

}  // namespace kgitops::testing
