#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>

#include "cluster/cluster.hpp"
#include "complete/completion.hpp"
#include "git/git_source.hpp"

namespace kgitops {

// Which of the standard streams are terminals: a terminal gets colour, a
// progress line rewritten in place, and prompts.
struct Terminals {
  bool in = false;
  bool out = false;
  bool err = false;
  std::size_t width = 100;  // columns of the output terminal
};

// All a command reaches beyond its flags: where it prints, where a prompt's
// answer comes from, and how its cluster and git clients are made. main
// passes the real ones (real_cli_environment); unit tests pass fakes, so
// exit codes, messages and the prune prompt are tested without a cluster.
struct CliEnvironment {
  std::ostream& out;
  std::ostream& err;
  std::istream& in;
  Terminals terminals;
  std::function<std::unique_ptr<Cluster>(const ClusterOptions& options)> make_cluster;
  std::function<std::unique_ptr<GitSource>(const std::filesystem::path& cache_dir,
                                           std::chrono::milliseconds fetch_timeout)>
      make_git;
  std::function<std::unique_ptr<CandidateSource>()> make_candidates;
};

// The process's own streams and terminals, kubectl and libgit2.
CliEnvironment real_cli_environment();

}  // namespace kgitops
