#include "process/child_setup.hpp"

#include <csignal>
#include <cstring>

#include <fcntl.h>
#include <linux/close_range.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace kgitops {

void prepare_child_for_exec(bool die_with_parent) {
  // The error pipe Boost.Process uses to report a failed exec is close-on-exec
  // already, so marking it again changes nothing.
  if (::syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
    // Kernels before 5.11: mark them one by one.
    const long limit = ::sysconf(_SC_OPEN_MAX);
    for (int fd = 3; fd < (limit > 0 ? limit : 1024); ++fd) {
      const int flags = ::fcntl(fd, F_GETFD);
      if (flags >= 0) {
        ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
      }
    }
  }
  if (die_with_parent) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  }
  // An ignored SIGPIPE stays ignored across exec; children get the default.
  std::signal(SIGPIPE, SIG_DFL);
}

void drop_own_environment(char** environment) {
  if (environment == nullptr) {
    return;
  }
  // No allocation after fork: the child's copy of the array is compacted.
  const std::size_t prefix_length = std::strlen(k_own_environment_prefix);
  char** kept = environment;
  for (char** entry = environment; *entry != nullptr; ++entry) {
    if (std::strncmp(*entry, k_own_environment_prefix, prefix_length) != 0) {
      *kept++ = *entry;
    }
  }
  *kept = nullptr;
}

}  // namespace kgitops
