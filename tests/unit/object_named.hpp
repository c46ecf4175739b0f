#pragma once

#include <iterator>
#include <string>

#include <doctest/doctest.h>

namespace kgitops::testing {

// The element of `objects` (anything with a ResourceKey `key`) whose name is
// `name`; fails the test when there is none.
template <typename Objects>
const auto& object_named(const Objects& objects, const std::string& name) {
  for (const auto& object : objects) {
    if (object.key.name == name) {
      return object;
    }
  }
  FAIL("no object named " << name);
  return *std::begin(objects);  // not reached: FAIL ends the test
}

}  // namespace kgitops::testing
