#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "core/text.hpp"

using namespace kgitops;

TEST_CASE("join puts the separator between parts only") {
  CHECK(join(std::vector<std::string>{}, ", ").empty());
  CHECK(join(std::vector<std::string>{"a"}, ", ") == "a");
  CHECK(join(std::vector<std::string>{"a", "b", "c"}, ", ") == "a, b, c");
  CHECK(join(std::vector<std::string>{"", "b"}, ",") == ",b");
  CHECK(join(std::set<std::string>{"b", "a"}, ",") == "a,b");
}
