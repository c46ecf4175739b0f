#include <doctest/doctest.h>

#include <string>

#include "core/version.hpp"
#include "output/version_json.hpp"

using namespace kgitops;

TEST_CASE("the Version document holds the version `version` prints") {
  CHECK(version_to_json() == Json{{"apiVersion", "gitops.kubectl.dev/v1"},
                                  {"kind", "Version"},
                                  {"version", std::string(k_version)}});
}
