#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <tuple>
#include <vector>

namespace kgitops {

// A few threads that do the work of many apps, instead of threads of each
// app's own. The work comes in lanes: an app's reconciles are one lane, its
// heals another. A lane is scheduled for a time and runs on the first free
// thread once due, earliest due first and, at the same time, in the order
// scheduled; a lane never runs twice at once. So the threads bound how many
// apps write at once, every app gets its turn, and an app whose work is slow
// holds one thread at most. A lane that has more to do schedules itself
// again (now), behind the lanes already due: work is taken in turns, never
// all of one app's first. A run that waits for something else (a sync wave
// waiting for the health of the one before) says so, and a spare thread
// takes its place while it waits: no more runs are ever busy at once than
// the pool's size, and a few long waits do not stop every other app.
class WorkerPool {
 public:
  using Lane = std::uint64_t;
  using Work = std::function<void()>;
  // Told how many lanes run and how many are due and wait for a thread,
  // whenever a thread takes work or finishes it.
  using Observer = std::function<void(std::size_t running, std::size_t waiting)>;

  explicit WorkerPool(int threads, Observer observe = {});
  // Lets the work in progress finish, then joins every thread; queued work is dropped.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // A lane that runs `work` each time it is due. `work` should contain its
  // own faults: one that throws anyway is dropped, and the thread goes on.
  Lane add(Work work);
  // The lane is due at `at`, or at the time it is already due if that is
  // earlier. Scheduled while it runs, it is queued again when the run ends,
  // due then at the earliest: behind the lanes that waited meanwhile. An
  // unknown or removed lane is ignored.
  void schedule(Lane lane, std::chrono::steady_clock::time_point at);
  // Drops the lane: it is not run again, and a run in progress on another
  // thread is waited for.
  void remove(Lane lane);

  // Held by a run while it waits for something other than the pool: one of
  // at most as many spare threads as the pool's size serves the lanes
  // meanwhile. Outside a run of this pool it does nothing.
  class Waiting {
   public:
    explicit Waiting(WorkerPool& pool);
    ~Waiting();
    Waiting(const Waiting&) = delete;
    Waiting& operator=(const Waiting&) = delete;

   private:
    WorkerPool& m_pool;
    bool m_counted = false;
  };

  // The threads started so far: the pool's size, and the spares its waits needed.
  std::size_t threads() const;

 private:
  using Time = std::chrono::steady_clock::time_point;
  // (due, order scheduled, lane): the first is the next to run.
  using Entry = std::tuple<Time, std::uint64_t, Lane>;
  struct LaneState {
    Work work;
    std::optional<Entry> queued;  // its place in m_queue
    std::optional<Time> again;    // scheduled while it runs: queued once the run ends
    bool running = false;
    bool removed = false;          // by remove(): never run or queued again
    bool erase_after_run = false;  // removed from within its own run
    std::thread::id runner;
  };

  void run();
  // Whether a thread may take work now: fewer runs busy (not waiting) than the size.
  bool may_start() const;                              // m_mutex held
  void enqueue(Lane lane, LaneState& state, Time at);  // m_mutex held
  void observe();                                      // m_mutex held

  Observer m_observe;
  const std::size_t m_size;
  mutable std::mutex m_mutex;
  std::condition_variable m_changed;
  std::map<Lane, LaneState> m_lanes;
  std::set<Entry> m_queue;
  Lane m_next_lane = 1;
  std::uint64_t m_next_order = 0;
  std::size_t m_running = 0;
  std::size_t m_waiting = 0;  // runs inside a Waiting
  bool m_stopping = false;
  std::vector<std::thread> m_threads;  // last: they start once the rest is set
};

}  // namespace kgitops
