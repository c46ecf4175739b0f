#pragma once

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.hpp"
#include "cli/cli_environment.hpp"
#include "fake_cluster.hpp"
#include "fake_git_source.hpp"

namespace kgitops::testing {

// Completion candidates from nowhere: none.
class NoCandidates final : public CandidateSource {
 public:
  Result<std::vector<std::string>> app_names(const ClusterOptions&) override { return {}; }
  Result<std::vector<std::string>> context_names(const ClusterOptions&) override { return {}; }
  Result<std::vector<std::string>> namespace_names(const ClusterOptions&) override { return {}; }
};

// The whole CLI against an in-memory cluster and repository: what it prints,
// what a prompt reads, and which streams count as terminals are the test's.
struct FakeCli {
  std::ostringstream out;
  std::ostringstream err;
  std::istringstream in;
  Terminals terminals;
  SharedFakeCluster cluster;
  SharedFakeGitSource git;

  // Runs `kubectl-gitops <args...>`; returns its exit code. `out` and `err`
  // keep what every run printed.
  int run(const std::vector<std::string>& args) {
    CliEnvironment env{
        out,
        err,
        in,
        terminals,
        [this](const ClusterOptions&) { return cluster.client(); },
        [this](const std::filesystem::path&, std::chrono::milliseconds) { return git.client(); },
        [] { return std::make_unique<NoCandidates>(); },
    };
    return run_cli(args, env);
  }
};

}  // namespace kgitops::testing
