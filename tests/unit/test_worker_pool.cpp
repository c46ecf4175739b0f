#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "eventually.hpp"
#include "watch/worker_pool.hpp"

using namespace kgitops;
using kgitops::testing::eventually;
using std::chrono::steady_clock;

namespace {

// Work that waits until the test opens it.
class Gate {
 public:
  void wait() {
    std::unique_lock lock(m_mutex);
    ++m_waiting;
    m_opened.wait(lock, [this] { return m_open; });
    --m_waiting;
  }
  void open() {
    {
      std::lock_guard lock(m_mutex);
      m_open = true;
    }
    m_opened.notify_all();
  }
  int waiting() {
    std::lock_guard lock(m_mutex);
    return m_waiting;
  }

 private:
  std::mutex m_mutex;
  std::condition_variable m_opened;
  bool m_open = false;
  int m_waiting = 0;
};

// What the lanes did, in order.
class Journal {
 public:
  void note(const std::string& what) {
    std::lock_guard lock(m_mutex);
    m_notes.push_back(what);
  }
  std::vector<std::string> notes() {
    std::lock_guard lock(m_mutex);
    return m_notes;
  }
  std::size_t size() { return notes().size(); }

 private:
  std::mutex m_mutex;
  std::vector<std::string> m_notes;
};

}  // namespace

TEST_CASE(
    "a lane runs once due: the earliest due first, and at the same time in the order "
    "scheduled") {
  Gate gate;
  Journal journal;
  WorkerPool pool(1);
  const auto busy = pool.add([&] { gate.wait(); });
  pool.schedule(busy, steady_clock::now());
  REQUIRE(eventually([&] { return gate.waiting() == 1; }));
  // The one thread is busy: these queue.
  const auto now = steady_clock::now();
  const auto late = pool.add([&] { journal.note("late"); });
  const auto first = pool.add([&] { journal.note("first"); });
  const auto second = pool.add([&] { journal.note("second"); });
  const auto early = pool.add([&] { journal.note("early"); });
  pool.schedule(late, now + std::chrono::milliseconds(50));
  pool.schedule(first, now);
  pool.schedule(second, now);
  pool.schedule(early, now - std::chrono::seconds(1));
  gate.open();
  REQUIRE(eventually([&] { return journal.size() == 4; }));
  CHECK(journal.notes() == std::vector<std::string>{"early", "first", "second", "late"});
}

TEST_CASE("a lane never runs twice at once; scheduled while it runs, it runs once more after") {
  Gate gate;
  std::atomic<int> running{0};
  std::atomic<int> most{0};
  std::atomic<int> runs{0};
  WorkerPool pool(4);
  WorkerPool::Lane lane = 0;
  lane = pool.add([&] {
    most = std::max(most.load(), ++running);
    if (++runs == 1) {
      gate.wait();
    }
    --running;
  });
  pool.schedule(lane, steady_clock::now());
  REQUIRE(eventually([&] { return gate.waiting() == 1; }));
  for (int i = 0; i < 3; ++i) {
    pool.schedule(lane, steady_clock::now());  // three free threads, and still one run
  }
  gate.open();
  REQUIRE(eventually([&] { return runs == 2 && running == 0; }));
  CHECK(most == 1);
}

TEST_CASE("no more lanes run at once than the pool has threads; the observer sees who waits") {
  Gate gate;
  std::mutex mutex;
  std::vector<std::pair<std::size_t, std::size_t>> seen;  // (running, waiting)
  std::atomic<int> done{0};
  {
    WorkerPool pool(2, [&](std::size_t running, std::size_t waiting) {
      std::lock_guard lock(mutex);
      seen.emplace_back(running, waiting);
    });
    CHECK(pool.threads() == 2);
    for (int i = 0; i < 5; ++i) {
      const auto lane = pool.add([&] {
        gate.wait();
        ++done;
      });
      pool.schedule(lane, steady_clock::now());
    }
    REQUIRE(eventually([&] { return gate.waiting() == 2; }));
    {
      std::lock_guard lock(mutex);
      CHECK(seen.back() == std::pair<std::size_t, std::size_t>{2, 3});
    }
    gate.open();
    REQUIRE(eventually([&] { return done == 5; }));
  }
  std::lock_guard lock(mutex);
  CHECK(std::ranges::all_of(seen, [](const auto& pair) { return pair.first <= 2; }));
  CHECK(seen.back() == std::pair<std::size_t, std::size_t>{0, 0});
}

TEST_CASE(
    "a lane keeps the earlier of two times it is due at; queued work is dropped at the "
    "end") {
  std::atomic<int> runs{0};
  {
    WorkerPool pool(1);
    const auto lane = pool.add([&] { ++runs; });
    pool.schedule(lane, steady_clock::now() + std::chrono::hours(1));
    pool.schedule(lane, steady_clock::now());
    REQUIRE(eventually([&] { return runs == 1; }));
    pool.schedule(lane, steady_clock::now() + std::chrono::hours(1));
    pool.schedule(lane, steady_clock::now() + std::chrono::hours(2));
  }  // not waiting out the hour
  CHECK(runs == 1);
}

TEST_CASE("remove waits for the run in progress, and the lane never runs again") {
  Gate gate;
  std::atomic<int> runs{0};
  std::atomic<bool> finished{false};
  WorkerPool pool(2);
  const auto lane = pool.add([&] {
    ++runs;
    gate.wait();
    finished = true;
  });
  pool.schedule(lane, steady_clock::now());
  REQUIRE(eventually([&] { return gate.waiting() == 1; }));
  pool.schedule(lane, steady_clock::now());  // would run again after
  std::atomic<bool> removed{false};
  std::atomic<bool> finished_first{false};
  std::thread remover([&] {
    pool.remove(lane);
    finished_first = finished.load();
    removed = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK_FALSE(removed.load());
  gate.open();
  remover.join();
  CHECK(finished_first.load());              // the run had ended by the time remove returned
  pool.schedule(lane, steady_clock::now());  // ignored
  pool.remove(lane);                         // and so is a second remove
  const auto other = pool.add([&] { ++runs; });
  pool.schedule(other, steady_clock::now());
  REQUIRE(eventually([&] { return runs == 2; }));  // the other lane's run, not this one's
}

TEST_CASE("a lane may remove itself from its own run") {
  std::atomic<int> runs{0};
  WorkerPool pool(1);
  WorkerPool::Lane lane = 0;
  std::atomic<bool> added{false};
  lane = pool.add([&] {
    REQUIRE(eventually([&] { return added.load(); }));
    ++runs;
    pool.schedule(lane, steady_clock::now());
    pool.remove(lane);
  });
  added = true;
  pool.schedule(lane, steady_clock::now());
  REQUIRE(eventually([&] { return runs == 1; }));
  const auto other = pool.add([&] { ++runs; });
  pool.schedule(other, steady_clock::now());
  REQUIRE(eventually([&] { return runs == 2; }));
}

TEST_CASE("work that throws ends neither its thread nor its lane") {
  std::atomic<int> runs{0};
  WorkerPool pool(1);
  const auto lane = pool.add([&] {
    ++runs;
    throw std::runtime_error("a bug");
  });
  pool.schedule(lane, steady_clock::now());
  REQUIRE(eventually([&] { return runs == 1; }));
  pool.schedule(lane, steady_clock::now());
  REQUIRE(eventually([&] { return runs == 2; }));
}

TEST_CASE("a lane that asks again while it runs goes behind the lanes that waited") {
  Gate gate;
  Journal journal;
  WorkerPool pool(1);
  WorkerPool::Lane busy = 0;
  std::atomic<int> busy_runs{0};
  busy = pool.add([&] {
    journal.note("busy");
    if (++busy_runs == 1) {
      gate.wait();
    }
  });
  pool.schedule(busy, steady_clock::now());
  REQUIRE(eventually([&] { return gate.waiting() == 1; }));
  const auto asked = steady_clock::now() - std::chrono::seconds(1);
  pool.schedule(busy, asked);  // earlier than the other, but asked while running
  const auto other = pool.add([&] { journal.note("other"); });
  pool.schedule(other, steady_clock::now());
  gate.open();
  REQUIRE(eventually([&] { return journal.size() == 3; }));
  CHECK(journal.notes() == std::vector<std::string>{"busy", "other", "busy"});
}

TEST_CASE("a run that waits for something else lends its place to a spare thread") {
  Gate waits;
  Gate busy;
  std::atomic<int> done{0};
  WorkerPool pool(1);
  const auto waiting = pool.add([&] {
    const WorkerPool::Waiting wait(pool);
    waits.wait();
    ++done;
  });
  pool.schedule(waiting, steady_clock::now());
  REQUIRE(eventually([&] { return waits.waiting() == 1; }));
  // Another lane runs meanwhile, on a spare thread.
  const auto other = pool.add([&] {
    busy.wait();
    ++done;
  });
  pool.schedule(other, steady_clock::now());
  REQUIRE(eventually([&] { return busy.waiting() == 1; }));
  CHECK(pool.threads() == 2);
  // The one busy run fills the pool's size: a third lane waits for it, as
  // the spares number no more than the size.
  std::atomic<bool> third_ran{false};
  const auto third = pool.add([&] { third_ran = true; });
  pool.schedule(third, steady_clock::now());
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK_FALSE(third_ran.load());
  busy.open();
  REQUIRE(eventually([&] { return third_ran.load(); }));
  waits.open();
  REQUIRE(eventually([&] { return done == 2; }));
  CHECK(pool.threads() == 2);  // the spare is kept for the next wait
}

TEST_CASE("a wait outside a run of the pool changes nothing") {
  WorkerPool pool(1);
  {
    const WorkerPool::Waiting wait(pool);
    CHECK(pool.threads() == 1);
  }
  std::atomic<int> runs{0};
  const auto lane = pool.add([&] { ++runs; });
  pool.schedule(lane, steady_clock::now());
  REQUIRE(eventually([&] { return runs == 1; }));
}
