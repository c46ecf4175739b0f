#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

namespace kgitops {

// Runs task(0) … task(count - 1) on up to `workers` threads at once (the
// calling thread among them) and returns when all are done. A task that
// throws ends no thread: the first such failure is returned, and the other
// tasks still run.
std::optional<std::string> run_in_parallel(std::size_t count, std::size_t workers,
                                           const std::function<void(std::size_t)>& task);

}  // namespace kgitops
