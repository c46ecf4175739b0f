#include "cli/cli_environment.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <iostream>

#include "cli/source_flags.hpp"
#include "complete/kubectl_candidate_source.hpp"

namespace kgitops {
namespace {

std::size_t terminal_width(int fd) {
  winsize size{};
  if (::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    return size.ws_col;
  }
  return Terminals{}.width;
}

}  // namespace

CliEnvironment real_cli_environment() {
  return CliEnvironment{
      std::cout,
      std::cerr,
      std::cin,
      Terminals{is_terminal(STDIN_FILENO), is_terminal(STDOUT_FILENO), is_terminal(STDERR_FILENO),
                terminal_width(STDOUT_FILENO)},
      [](const ClusterOptions& options) { return make_cluster(options); },
      [](const std::filesystem::path& cache_dir, std::chrono::milliseconds fetch_timeout) {
        return make_libgit2_source(cache_dir, fetch_timeout);
      },
      [] { return make_kubectl_candidate_source(); },
  };
}

}  // namespace kgitops
