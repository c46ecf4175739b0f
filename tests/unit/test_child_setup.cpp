#include <doctest/doctest.h>

#include <unistd.h>

#include <string>

#include "process/child_setup.hpp"
#include "process/process.hpp"

using namespace kgitops;

namespace {

// Whether a child started by run_process sees descriptor `fd` of ours.
std::string seen_by_child(int fd) {
  const auto script =
      "if [ -e /proc/$$/fd/" + std::to_string(fd) + " ]; then echo inherited; else echo closed; fi";
  auto output = run_process(ProcessRequest{{"sh", "-c", script}, {}, {}, std::nullopt});
  REQUIRE(output.has_value());
  return output->out;
}

}  // namespace

TEST_CASE("a child inherits none of our descriptors, even ones not marked close-on-exec") {
  int ends[2] = {-1, -1};
  REQUIRE(::pipe(ends) == 0);  // no O_CLOEXEC: what a careless library would open
  CHECK(seen_by_child(ends[0]) == "closed\n");
  CHECK(seen_by_child(ends[1]) == "closed\n");
  ::close(ends[0]);
  ::close(ends[1]);
}

TEST_CASE("a child still gets its standard streams") {
  auto output = run_process(
      ProcessRequest{{"sh", "-c", "cat; echo out; echo err >&2"}, "in\n", {}, std::nullopt});
  REQUIRE(output.has_value());
  CHECK(output->out == "in\nout\n");
  CHECK(output->err == "err\n");
}
