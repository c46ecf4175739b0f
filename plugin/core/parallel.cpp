#include "core/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace kgitops {

std::optional<std::string> run_in_parallel(std::size_t count, std::size_t workers,
                                           const std::function<void(std::size_t)>& task) {
  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  std::optional<std::string> failure;
  const auto work = [&] {
    for (auto index = next++; index < count; index = next++) {
      try {
        task(index);
      } catch (const std::exception& error) {
        std::lock_guard lock(mutex);
        failure = failure.value_or(error.what());
      } catch (...) {
        std::lock_guard lock(mutex);
        failure = failure.value_or("unknown failure");
      }
    }
  };
  std::vector<std::thread> threads;
  const auto extra = std::min(count, std::max<std::size_t>(workers, 1)) - (count > 0 ? 1 : 0);
  for (std::size_t i = 0; i < extra; ++i) {
    threads.emplace_back(work);
  }
  work();
  for (auto& thread : threads) {
    thread.join();
  }
  return failure;
}

}  // namespace kgitops
