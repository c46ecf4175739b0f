#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "eventually.hpp"
#include "watch/cluster_probe.hpp"

using namespace kgitops;

namespace {

using kgitops::testing::eventually;

enum class Answer { ok, refused, throws };

}  // namespace

TEST_CASE("the cluster probe follows the cluster's answers and reports each change once") {
  std::atomic<Answer> answer{Answer::ok};
  std::atomic<int> probes{0};
  std::mutex mutex;
  std::vector<std::string> changes;
  ClusterProbe probe(
      [&]() -> Result<void> {
        ++probes;
        switch (answer.load()) {
          case Answer::ok:
            return {};
          case Answer::refused:
            return fail("the cluster does not answer: connection refused");
          case Answer::throws:
            throw std::runtime_error("no memory");
        }
        return {};
      },
      std::chrono::milliseconds(5),
      [&](bool reachable, const std::string& error) {
        std::lock_guard lock(mutex);
        changes.push_back((reachable ? "up" : "down: ") + error);
      });
  CHECK(probe.reachable());
  probe.start();
  REQUIRE(eventually([&] { return probes >= 3; }));
  CHECK(probe.reachable());

  answer = Answer::refused;
  REQUIRE(eventually([&] { return !probe.reachable(); }));
  const int seen = probes;
  REQUIRE(eventually([&] { return probes >= seen + 3; }));  // still down: no second report
  answer = Answer::ok;
  REQUIRE(eventually([&] { return probe.reachable(); }));
  answer = Answer::throws;
  REQUIRE(eventually([&] { return !probe.reachable(); }));
  probe.stop();
  std::lock_guard lock(mutex);
  CHECK(changes == std::vector<std::string>{"down: the cluster does not answer: connection refused",
                                            "up", "down: cannot probe the cluster: no memory"});
}
