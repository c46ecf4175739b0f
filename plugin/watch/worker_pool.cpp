#include "watch/worker_pool.hpp"

#include <algorithm>
#include <system_error>

namespace kgitops {
namespace {

// The pool whose run this thread is in, if any.
thread_local const WorkerPool* t_running_in = nullptr;

}  // namespace

WorkerPool::WorkerPool(int threads, Observer observe)
    : m_observe(std::move(observe)), m_size(static_cast<std::size_t>(std::max(1, threads))) {
  std::lock_guard lock(m_mutex);
  for (std::size_t i = 0; i < m_size; ++i) {
    m_threads.emplace_back([this] { run(); });
  }
}

WorkerPool::~WorkerPool() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;  // no spare starts from here on
    threads = std::move(m_threads);
  }
  m_changed.notify_all();
  for (auto& thread : threads) {
    thread.join();
  }
}

std::size_t WorkerPool::threads() const {
  std::lock_guard lock(m_mutex);
  return m_threads.size();
}

WorkerPool::Waiting::Waiting(WorkerPool& pool) : m_pool(pool) {
  if (t_running_in != &pool) {
    return;
  }
  {
    std::lock_guard lock(pool.m_mutex);
    m_counted = true;
    ++pool.m_waiting;
    // A spare for each run waiting, up to the pool's size again; kept once
    // started, for the next wait.
    if (!pool.m_stopping && pool.m_threads.size() < pool.m_size + pool.m_waiting &&
        pool.m_threads.size() < 2 * pool.m_size) {
      try {
        pool.m_threads.emplace_back([&pool] { pool.run(); });
      } catch (const std::system_error&) {
        // No thread to spare (the process's limit): the other lanes wait
        // for a busy thread, as they would without a wait to lend.
      }
    }
    pool.observe();
  }
  pool.m_changed.notify_all();
}

WorkerPool::Waiting::~Waiting() {
  if (!m_counted) {
    return;
  }
  std::lock_guard lock(m_pool.m_mutex);
  --m_pool.m_waiting;
  m_pool.observe();
}

bool WorkerPool::may_start() const {
  return m_running - m_waiting < m_size;
}

WorkerPool::Lane WorkerPool::add(Work work) {
  std::lock_guard lock(m_mutex);
  const auto lane = m_next_lane++;
  LaneState state;
  state.work = std::move(work);
  m_lanes.emplace(lane, std::move(state));
  return lane;
}

void WorkerPool::schedule(Lane lane, Time at) {
  {
    std::lock_guard lock(m_mutex);
    const auto found = m_lanes.find(lane);
    if (found == m_lanes.end() || found->second.removed) {
      return;
    }
    auto& state = found->second;
    if (state.running) {
      state.again = state.again ? std::min(*state.again, at) : at;
      return;
    }
    if (state.queued && std::get<0>(*state.queued) <= at) {
      return;
    }
    enqueue(lane, state, at);
  }
  m_changed.notify_all();
}

void WorkerPool::enqueue(Lane lane, LaneState& state, Time at) {
  if (state.queued) {
    m_queue.erase(*state.queued);
  }
  state.queued = Entry{at, m_next_order++, lane};
  m_queue.insert(*state.queued);
}

void WorkerPool::remove(Lane lane) {
  std::unique_lock lock(m_mutex);
  const auto found = m_lanes.find(lane);
  if (found == m_lanes.end()) {
    return;
  }
  auto& state = found->second;
  state.removed = true;
  if (state.queued) {
    m_queue.erase(*state.queued);
    state.queued.reset();
  }
  if (state.running) {
    // A lane removing itself from its own run cannot wait for that run: the
    // run erases it when it ends.
    if (state.runner == std::this_thread::get_id()) {
      state.erase_after_run = true;
      return;
    }
    m_changed.wait(lock, [this, lane] {
      const auto still = m_lanes.find(lane);
      return still == m_lanes.end() || !still->second.running;
    });
  }
  m_lanes.erase(lane);
  observe();
}

void WorkerPool::observe() {
  if (!m_observe) {
    return;
  }
  const auto now = std::chrono::steady_clock::now();
  std::size_t waiting = 0;
  for (const auto& entry : m_queue) {
    if (std::get<0>(entry) > now) {
      break;
    }
    ++waiting;
  }
  m_observe(m_running, waiting);
}

void WorkerPool::run() {
  t_running_in = this;
  std::unique_lock lock(m_mutex);
  while (!m_stopping) {
    if (m_queue.empty() || !may_start()) {
      m_changed.wait(lock);
      continue;
    }
    const auto [due, order, lane] = *m_queue.begin();
    if (due > std::chrono::steady_clock::now()) {
      m_changed.wait_until(lock, due);
      continue;
    }
    m_queue.erase(m_queue.begin());
    auto& state = m_lanes.at(lane);
    state.queued.reset();
    state.running = true;
    state.runner = std::this_thread::get_id();
    ++m_running;
    observe();
    auto work = state.work;
    lock.unlock();
    try {
      work();
    } catch (...) {
      // The work contains its own faults; this one only must not end the thread.
    }
    work = nullptr;
    lock.lock();
    --m_running;
    auto found = m_lanes.find(lane);
    found->second.running = false;
    if (found->second.erase_after_run) {
      m_lanes.erase(found);
    } else if (found->second.again && !found->second.removed) {
      // Behind the lanes that waited while it ran, however early it asked for.
      const auto at = std::max(*found->second.again, std::chrono::steady_clock::now());
      found->second.again.reset();
      enqueue(lane, found->second, at);
    }
    observe();
    // A remove() may be waiting for this run; another thread for this lane.
    m_changed.notify_all();
  }
}

}  // namespace kgitops
