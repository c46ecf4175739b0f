#include <doctest/doctest.h>

#include <chrono>

#include "watch/peer_agent_detector.hpp"

using namespace kgitops;
using namespace std::chrono_literals;

TEST_CASE("another agent's stamp before this agent's own is the agent it replaces, not a second") {
  PeerAgentDetector detector("host_2", 10min);
  const SteadyTime now{};
  CHECK_FALSE(detector.seen("host_1", now));
  CHECK_FALSE(detector.seen("", now));
}

TEST_CASE("another agent's stamp after this agent's own is a second live agent, reported") {
  PeerAgentDetector detector("host_2", 10min);
  const SteadyTime now{};
  detector.stamped();
  CHECK_FALSE(detector.seen("host_2", now));  // its own writes come back through the watch
  CHECK_FALSE(detector.seen("", now));        // no agent stamped it
  CHECK(detector.seen("host_1", now));
}

TEST_CASE("a second agent is reported again only after the repeat interval, each one apart") {
  PeerAgentDetector detector("host_2", 10min);
  const SteadyTime now{};
  detector.stamped();
  REQUIRE(detector.seen("host_1", now));
  CHECK_FALSE(detector.seen("host_1", now + 1min));
  CHECK_FALSE(detector.seen("host_1", now + 9min));
  CHECK(detector.seen("host_3", now + 9min));
  CHECK(detector.seen("host_1", now + 10min));
}
