#include <doctest/doctest.h>

#include <iostream>

#include "cli/cli_environment.hpp"

using namespace kgitops;

TEST_CASE("cli environment: the real one is the process's streams and every factory") {
  const auto env = real_cli_environment();
  CHECK(&env.out == &std::cout);
  CHECK(&env.err == &std::cerr);
  CHECK(&env.in == &std::cin);
  CHECK(env.terminals.width > 0);
  CHECK(static_cast<bool>(env.make_cluster));
  CHECK(static_cast<bool>(env.make_git));
  REQUIRE(static_cast<bool>(env.make_candidates));
  CHECK(env.make_candidates() != nullptr);
}
