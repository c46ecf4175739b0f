#pragma once

#include <chrono>
#include <filesystem>

#include "core/error.hpp"

namespace kgitops {

// An exclusive advisory lock (flock) on a file, held until the owner goes.
// It keeps two processes, or two threads, from fetching into one cache
// repository at the same time.
class FileLock {
 public:
  // Creates `path` if needed and waits up to `timeout` for the lock.
  static Result<FileLock> acquire(const std::filesystem::path& path,
                                  std::chrono::milliseconds timeout);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&& other) noexcept;

 private:
  explicit FileLock(int fd) : m_fd(fd) {}
  int m_fd = -1;
};

}  // namespace kgitops
