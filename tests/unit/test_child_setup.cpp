#include <doctest/doctest.h>

#include <unistd.h>

#include <string>
#include <vector>

#include <boost/process.hpp>

#include "git_test_support.hpp"
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

TEST_CASE("drop_own_environment removes our variables in place and keeps the rest") {
  std::string path = "PATH=/usr/bin";
  std::string token = "GITOPS_GIT_TOKEN=tok";
  std::string home = "HOME=/home/u";
  std::string key = "GITOPS_GIT_SSH_KEY=/k";
  std::string look_alike = "KGITOPS_GITOPS_X=1";
  std::vector<char*> environment{path.data(), token.data(),      home.data(),
                                 key.data(),  look_alike.data(), nullptr};
  drop_own_environment(environment.data());
  CHECK(std::string(environment[0]) == path);
  CHECK(std::string(environment[1]) == home);
  CHECK(std::string(environment[2]) == look_alike);
  CHECK(environment[3] == nullptr);
  drop_own_environment(nullptr);  // no environment given: nothing to do
}

TEST_CASE("no child sees our credentials in its environment") {
  test::ScopedEnv token("GITOPS_GIT_TOKEN", "tok-env-child-1");
  test::ScopedEnv password("GITOPS_GIT_PASSWORD", "pw-env-child-2");
  test::ScopedEnv username("GITOPS_GIT_USERNAME", "user-env-child-3");
  test::ScopedEnv key("GITOPS_GIT_SSH_KEY", "/keys/id-env-child-4");
  test::ScopedEnv other("KGITOPS_CHILD_ENV_MARK", "kept-5");

  SUBCASE("run_process, with and without variables of its own") {
    auto output =
        run_process(ProcessRequest{{"env"}, {}, {{"ADDED_FOR_CHILD", "added-6"}}, std::nullopt});
    REQUIRE(output.has_value());
    CHECK(output->out.find("GITOPS_GIT") == std::string::npos);
    CHECK(output->out.find("env-child") == std::string::npos);
    CHECK(output->out.find("KGITOPS_CHILD_ENV_MARK=kept-5") != std::string::npos);
    CHECK(output->out.find("ADDED_FOR_CHILD=added-6") != std::string::npos);
  }
  SUBCASE("a Boost.Process child that inherits our environment as it is") {
    namespace bp = boost::process;
    bp::ipstream out;
    bp::child child(bp::search_path("env"), bp::std_out > out, bp::std_in < bp::null, ChildSetup{});
    std::string text;
    for (std::string line; std::getline(out, line);) {
      text += line + "\n";
    }
    child.wait();
    CHECK(text.find("GITOPS_GIT") == std::string::npos);
    CHECK(text.find("KGITOPS_CHILD_ENV_MARK=kept-5") != std::string::npos);
  }
}
