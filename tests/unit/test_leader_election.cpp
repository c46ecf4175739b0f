#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "eventually.hpp"
#include "watch/leader_election.hpp"

using namespace kgitops;
using namespace std::chrono_literals;

namespace {

// One Lease in memory, with the server's resourceVersion check, shared by
// the agents of a test.
struct LeaseServer {
  std::mutex mutex;
  std::optional<Json> lease;
  int version = 0;
  bool down = false;

  class Client final : public LeaseStore {
   public:
    explicit Client(LeaseServer& server) : m_server(server) {}
    Result<std::optional<Json>> get() override {
      std::lock_guard lock(m_server.mutex);
      if (m_server.down) {
        return fail("the cluster does not answer");
      }
      return m_server.lease;
    }
    Result<void> create(const Json& lease) override {
      std::lock_guard lock(m_server.mutex);
      if (m_server.down || m_server.lease) {
        return fail("cannot create the Lease: AlreadyExists");
      }
      return store(lease);
    }
    Result<void> replace(const Json& lease) override {
      std::lock_guard lock(m_server.mutex);
      if (m_server.down || !m_server.lease ||
          lease["metadata"].value("resourceVersion", "") !=
              (*m_server.lease)["metadata"].value("resourceVersion", "")) {
        return fail("cannot replace the Lease: the object has been modified");
      }
      return store(lease);
    }

   private:
    Result<void> store(Json lease) {
      lease["metadata"]["resourceVersion"] = std::to_string(++m_server.version);
      m_server.lease = std::move(lease);
      return {};
    }
    LeaseServer& m_server;
  };

  std::string holder() {
    std::lock_guard lock(mutex);
    return lease ? (*lease)["spec"].value("holderIdentity", "") : "";
  }
  int transitions() {
    std::lock_guard lock(mutex);
    return lease ? (*lease)["spec"].value("leaseTransitions", -1) : -1;
  }
};

LeaderElectionOptions named(const std::string& identity) {
  LeaderElectionOptions options;
  options.identity = identity;
  return options;
}

std::unique_ptr<LeaderElector> agent(LeaseServer& server, const std::string& identity) {
  return std::make_unique<LeaderElector>(
      named(identity), std::make_unique<LeaseServer::Client>(server), [] {}, [] {},
      [](bool, const std::string&) {});
}

using kgitops::testing::eventually;

}  // namespace

TEST_CASE("one agent takes the Lease; another takes it over only once it went unrenewed 15 s") {
  LeaseServer server;
  auto a = agent(server, "a");
  auto b = agent(server, "b");
  const LeaderElector::Clock::time_point t0{};
  CHECK(a->try_acquire_or_renew(t0, "T0"));
  CHECK(server.holder() == "a");
  CHECK(server.transitions() == 0);
  CHECK_FALSE(b->try_acquire_or_renew(t0, "T0"));
  // a renews every 2 s: b counts the 15 s from the last change it saw.
  CHECK(a->try_acquire_or_renew(t0 + 2s, "T2"));
  CHECK_FALSE(b->try_acquire_or_renew(t0 + 4s, "T4"));
  CHECK_FALSE(b->try_acquire_or_renew(t0 + 18s, "T18"));  // seen at 4 s: valid until 19 s
  CHECK(server.holder() == "a");
  CHECK(b->try_acquire_or_renew(t0 + 19s, "T19"));
  CHECK(server.holder() == "b");
  CHECK(server.transitions() == 1);
  {
    std::lock_guard lock(server.mutex);
    CHECK((*server.lease)["spec"]["acquireTime"] == "T19");
    CHECK((*server.lease)["spec"]["renewTime"] == "T19");
    CHECK((*server.lease)["spec"]["leaseDurationSeconds"] == 15);
  }
  // a comes back: the Lease changed since it looked, so it is b's.
  CHECK_FALSE(a->try_acquire_or_renew(t0 + 20s, "T20"));
  CHECK(b->try_acquire_or_renew(t0 + 21s, "T21"));
}

TEST_CASE("of two standbys, the one that finds the Lease taken over since it looked stands by") {
  LeaseServer server;
  auto a = agent(server, "a");
  const LeaderElector::Clock::time_point t0{};
  CHECK(a->try_acquire_or_renew(t0, "T0"));
  auto b = agent(server, "b");
  auto c = agent(server, "c");
  CHECK_FALSE(b->try_acquire_or_renew(t0 + 1s, "T1"));
  CHECK_FALSE(c->try_acquire_or_renew(t0 + 1s, "T1"));
  // Both saw the same record expire; b writes first.
  CHECK(b->try_acquire_or_renew(t0 + 17s, "T17"));
  CHECK_FALSE(c->try_acquire_or_renew(t0 + 17s, "T17"));
  CHECK(server.holder() == "b");
}

TEST_CASE("a leader that cannot renew within the deadline stops; a released Lease is free") {
  LeaseServer server;
  std::atomic<int> started{0};
  std::atomic<int> stopped{0};
  auto options = named("a");
  options.retry_period = 10ms;
  options.renew_deadline = 100ms;
  LeaderElector a(
      options, std::make_unique<LeaseServer::Client>(server), [&] { ++started; },
      [&] { ++stopped; }, [](bool, const std::string&) {});
  a.start();
  REQUIRE(eventually([&] { return a.leading(); }));
  CHECK(started == 1);
  {
    std::lock_guard lock(server.mutex);
    server.down = true;
  }
  REQUIRE(eventually([&] { return stopped == 1; }));
  CHECK_FALSE(a.leading());
  {
    std::lock_guard lock(server.mutex);
    server.down = false;
  }
  REQUIRE(eventually([&] { return a.leading(); }));  // its own Lease: taken again at once
  CHECK(started == 2);
  a.stop();
  a.release();
  CHECK(server.holder().empty());
  auto b = agent(server, "b");
  // A released Lease is free at once, whoever looks.
  CHECK(b->try_acquire_or_renew(LeaderElector::Clock::time_point{}, "T"));
}

TEST_CASE("micro_time_now is RFC 3339 UTC with microseconds") {
  const auto text = micro_time_now();
  REQUIRE(text.size() == 27);
  CHECK(text[4] == '-');
  CHECK(text[10] == 'T');
  CHECK(text[19] == '.');
  CHECK(text.back() == 'Z');
}
