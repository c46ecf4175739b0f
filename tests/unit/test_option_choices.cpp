#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cli/option_choices.hpp"

using namespace kgitops;

TEST_CASE("option_choices reads the values of an IsMember check") {
  CLI::App app;
  std::string output;
  std::string name;
  int count = 0;
  auto* format = app.add_option("-o,--output", output)->check(CLI::IsMember({"table", "json"}));
  auto* free = app.add_option("--name", name);
  auto* bounded = app.add_option("--count", count)->check(CLI::Range(1, 5));
  CHECK(option_choices(*format) == std::vector<std::string>{"table", "json"});
  CHECK(option_choices(*free).empty());
  CHECK(option_choices(*bounded).empty());
}
