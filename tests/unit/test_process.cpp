#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cerrno>
#include <chrono>
#include <string>
#include <vector>

#include "core/temp_dir.hpp"
#include "process/process.hpp"

using namespace kgitops;
using std::chrono::steady_clock;

namespace {

ProcessRequest shell(const std::string& script) {
  return ProcessRequest{{"sh", "-c", script}, {}, {}, std::nullopt};
}

double seconds_since(steady_clock::time_point start) {
  return std::chrono::duration<double>(steady_clock::now() - start).count();
}

// True when this process has no child left, exited or running.
// No child left unreaped: no children at all, or only ones still running
// (a server another test keeps for the whole run), never a zombie.
bool no_children_left() {
  errno = 0;
  const auto reaped = ::waitpid(-1, nullptr, WNOHANG);
  return reaped == 0 || (reaped == -1 && errno == ECHILD);
}

}  // namespace

TEST_CASE("run_process captures stdout, stderr and the exit code") {
  // Start from a clean slate: what other test files left is not this one's.
  while (::waitpid(-1, nullptr, WNOHANG) > 0) {
  }
  auto output = run_process(shell("echo out; echo err >&2; exit 3"));
  REQUIRE(output.has_value());
  CHECK(output->out == "out\n");
  CHECK(output->err == "err\n");
  CHECK(output->exit_code == 3);
  CHECK(no_children_left());
}

TEST_CASE("a successful program exits 0 with empty streams") {
  auto output = run_process(ProcessRequest{{"true"}, {}, {}, std::nullopt});
  REQUIRE(output.has_value());
  CHECK(output->exit_code == 0);
  CHECK(output->out.empty());
  CHECK(output->err.empty());
}

TEST_CASE("arguments reach the child unsplit and unexpanded") {
  auto output = run_process(
      ProcessRequest{{"printf", "%s|", "two words", "$HOME", "*", "a;b"}, {}, {}, std::nullopt});
  REQUIRE(output.has_value());
  CHECK(output->out == "two words|$HOME|*|a;b|");
}

TEST_CASE("input is fed to the child's stdin and then closed") {
  auto output = run_process(ProcessRequest{{"cat"}, "line one\nline two\n", {}, std::nullopt});
  REQUIRE(output.has_value());
  CHECK(output->out == "line one\nline two\n");
  CHECK(output->exit_code == 0);
}

TEST_CASE("large input and output do not deadlock") {
  std::string input;
  for (int i = 0; i < 200000; ++i) {
    input += "0123456789\n";
  }
  // cat writes while it still reads: both pipes are full at once.
  auto output = run_process(ProcessRequest{{"cat"}, input, {}, std::chrono::seconds(30)});
  REQUIRE(output.has_value());
  CHECK(output->exit_code == 0);
  CHECK(output->out.size() == input.size());
  CHECK(output->out == input);
  auto errors = run_process(shell("head -c 3000000 /dev/zero >&2"));
  REQUIRE(errors.has_value());
  CHECK(errors->err.size() == 3000000);
}

TEST_CASE("added environment variables are visible to the child, the rest is inherited") {
  ::setenv("KGITOPS_TEST_INHERITED", "from-parent", 1);
  auto request = shell("echo \"$KGITOPS_TEST_X|$KGITOPS_TEST_INHERITED|$KGITOPS_TEST_REPLACED\"");
  ::setenv("KGITOPS_TEST_REPLACED", "old", 1);
  request.environment = {{"KGITOPS_TEST_X", "secret value"}, {"KGITOPS_TEST_REPLACED", "new"}};
  auto output = run_process(request);
  REQUIRE(output.has_value());
  CHECK(output->out == "secret value|from-parent|new\n");
  // Our own environment is left as it was.
  CHECK(std::getenv("KGITOPS_TEST_X") == nullptr);
  CHECK(std::string(std::getenv("KGITOPS_TEST_REPLACED")) == "old");
  ::unsetenv("KGITOPS_TEST_INHERITED");
  ::unsetenv("KGITOPS_TEST_REPLACED");
}

TEST_CASE("a program that is not on PATH is an error that names it") {
  auto output = run_process(ProcessRequest{{"kgitops-no-such-program"}, {}, {}, std::nullopt});
  REQUIRE_FALSE(output.has_value());
  CHECK(output.error().message.find("kgitops-no-such-program") != std::string::npos);
  CHECK(no_children_left());
}

TEST_CASE("an empty command line is an error, not a crash") {
  auto output = run_process(ProcessRequest{});
  CHECK_FALSE(output.has_value());
}

TEST_CASE("when one of several programs cannot start, none is left running") {
  auto outputs = run_processes({shell("sleep 30"), {{"kgitops-no-such-program"}, {}, {}, {}}});
  REQUIRE_FALSE(outputs.has_value());
  CHECK(outputs.error().message.find("kgitops-no-such-program") != std::string::npos);
  CHECK(no_children_left());
}

TEST_CASE("a timeout kills the child and reports exit 124") {
  const auto start = steady_clock::now();
  auto output =
      run_process(ProcessRequest{{"sleep", "30"}, {}, {}, std::chrono::milliseconds(200)});
  const auto elapsed = seconds_since(start);
  REQUIRE(output.has_value());
  CHECK(output->exit_code == 124);
  CHECK(output->err.find("timed out after 200 ms") != std::string::npos);
  CHECK(elapsed < 10.0);  // far below the 30 s the child would sleep
  CHECK(no_children_left());
}

TEST_CASE("a timeout also ends the wait for what the child started") {
  // The shell forks `sleep`, which inherits stdout: killing the shell alone
  // leaves the pipe open until `sleep` ends.
  const auto start = steady_clock::now();
  auto output = run_process(
      ProcessRequest{{"sh", "-c", "sleep 30; echo never"}, {}, {}, std::chrono::milliseconds(200)});
  const auto elapsed = seconds_since(start);
  REQUIRE(output.has_value());
  CHECK(output->exit_code == 124);
  CHECK(output->out.find("never") == std::string::npos);
  CHECK(elapsed < 5.0);
}

TEST_CASE("a child that exits without reading its input does not take us down") {
  // Writing to a pipe nobody reads raises SIGPIPE, which would end this process.
  const std::string input(4 * 1024 * 1024, 'x');
  for (int i = 0; i < 3; ++i) {
    auto output = run_process(ProcessRequest{{"sh", "-c", "exit 3"}, input, {}, std::nullopt});
    REQUIRE(output.has_value());
    CHECK(output->exit_code == 3);
  }
  // The child itself still gets the default SIGPIPE behaviour.
  auto output = run_process(shell("yes | head -n 2"));
  REQUIRE(output.has_value());
  CHECK(output->out == "y\ny\n");
  CHECK(output->err.empty());
  // SIGPIPE (13) is not in the set of signals a child ignores.
  auto status = run_process(ProcessRequest{{"grep", "^SigIgn:", "/proc/self/status"}, {}, {}, {}});
  REQUIRE(status.has_value());
  const auto ignored = std::stoull(status->out.substr(status->out.find(':') + 1), nullptr, 16);
  CHECK((ignored & (1ULL << 12U)) == 0);
}

TEST_CASE("a program that ends before its timeout keeps its own exit code") {
  auto request = shell("exit 7");
  request.timeout = std::chrono::seconds(10);
  const auto start = steady_clock::now();
  auto output = run_process(request);
  REQUIRE(output.has_value());
  CHECK(output->exit_code == 7);
  CHECK(output->err.empty());
  // The pending timer must not hold the call until the timeout.
  CHECK(seconds_since(start) < 5.0);
}

TEST_CASE("run_processes runs its programs at once and returns outputs in order") {
  std::vector<ProcessRequest> requests;
  // Each child waits until all four have started: run one after another, the
  // first would give up and say so.
  TempDir meeting("kgitops-test-rendezvous-");
  const auto dir = meeting.path().string();
  for (int i = 0; i < 4; ++i) {
    requests.push_back(shell("touch " + dir + "/" + std::to_string(i) +
                             "; for k in $(seq 600); do [ $(ls " + dir +
                             " | wc -l) -ge 4 ] && echo " + std::to_string(i) +
                             " && exit 0; sleep 0.05; done; echo alone"));
  }
  const auto before = processes_started();
  auto outputs = run_processes(requests);
  REQUIRE(outputs.has_value());
  REQUIRE(outputs->size() == 4);
  for (int i = 0; i < 4; ++i) {
    CHECK((*outputs)[static_cast<std::size_t>(i)].out == std::to_string(i) + "\n");
  }
  CHECK(processes_started() - before == 4);
  CHECK(no_children_left());
}

TEST_CASE("children started together each see the end of their own input at once") {
  // Each child reads all its input first, as kubectl apply -f - does, then
  // waits until all four got that far. A child that kept a sibling's stdin
  // open would hold that sibling back, and one of them would give up.
  std::vector<ProcessRequest> requests;
  TempDir meeting("kgitops-test-rendezvous-");
  const auto dir = meeting.path().string();
  for (int i = 0; i < 4; ++i) {
    requests.push_back(ProcessRequest{
        {"sh", "-c",
         "cat > /dev/null; touch " + dir + "/" + std::to_string(i) +
             "; for k in $(seq 100); do [ $(ls " + dir + " | wc -l) -ge 4 ] && echo " +
             std::to_string(i) + " && exit 0; sleep 0.05; done; echo alone"},
        std::string(100000, 'x'),
        {},
        {}});
  }
  auto outputs = run_processes(requests);
  REQUIRE(outputs.has_value());
  for (int i = 0; i < 4; ++i) {
    CHECK((*outputs)[static_cast<std::size_t>(i)].out == std::to_string(i) + "\n");
  }
  CHECK(no_children_left());
}

TEST_CASE("a timeout in one request does not cut the others short") {
  auto slow = ProcessRequest{{"sleep", "30"}, {}, {}, std::chrono::milliseconds(200)};
  auto outputs = run_processes({slow, shell("sleep 0.4; echo done")});
  REQUIRE(outputs.has_value());
  CHECK((*outputs)[0].exit_code == 124);
  CHECK((*outputs)[1].exit_code == 0);
  CHECK((*outputs)[1].out == "done\n");
  CHECK(no_children_left());
}

TEST_CASE("run_processes of nothing returns nothing") {
  auto outputs = run_processes({});
  REQUIRE(outputs.has_value());
  CHECK(outputs->empty());
}
