#include "git/file_lock.hpp"

#include <cerrno>
#include <cstring>
#include <thread>
#include <utility>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace kgitops {
namespace {

constexpr std::chrono::milliseconds k_poll_interval{50};

}  // namespace

Result<FileLock> FileLock::acquire(const std::filesystem::path& path,
                                   std::chrono::milliseconds timeout) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    return fail("cannot open lock file ", path.string(), ": ", std::strerror(errno));
  }
  FileLock lock(fd);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  // Polls rather than blocking, so a stuck holder turns into a clear error.
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      return fail("cannot lock ", path.string(), ": ", std::strerror(errno));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return fail("timed out waiting for the lock ", path.string(),
                  " held by another kubectl-gitops process");
    }
    std::this_thread::sleep_for(k_poll_interval);
  }
  return lock;
}

FileLock::~FileLock() {
  if (m_fd >= 0) {
    ::close(m_fd);  // closing the last descriptor releases the flock
  }
}

FileLock::FileLock(FileLock&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
    m_fd = std::exchange(other.m_fd, -1);
  }
  return *this;
}

}  // namespace kgitops
