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

TEST_CASE("lower changes ASCII letters only") {
  CHECK(lower("GitHub.COM:22") == "github.com:22");
  CHECK(lower("").empty());
  CHECK(lower("caf\xC3\xA9") == "caf\xC3\xA9");
}

TEST_CASE("trim removes spaces, tabs and carriage returns around the text only") {
  CHECK(trim("  error: forbidden\r\t") == "error: forbidden");
  CHECK(trim(" \t\r ").empty());
  CHECK(trim("a b") == "a b");
}
