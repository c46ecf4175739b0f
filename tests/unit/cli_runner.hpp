#pragma once

#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.hpp"

namespace kgitops::testing {

// Captures what the CLI writes to std::cout while it lives.
struct CapturedOutput {
  std::ostringstream text;
  std::streambuf* previous = std::cout.rdbuf(text.rdbuf());
  CapturedOutput() = default;
  CapturedOutput(const CapturedOutput&) = delete;
  CapturedOutput& operator=(const CapturedOutput&) = delete;
  ~CapturedOutput() { std::cout.rdbuf(previous); }
};

// Runs the whole CLI as `kubectl-gitops <args...>`; returns its exit code.
inline int run_cli_with(std::vector<std::string> args) {
  args.insert(args.begin(), "kubectl-gitops");
  std::vector<char*> argv;
  for (auto& arg : args) {
    argv.push_back(arg.data());
  }
  return run_cli(static_cast<int>(argv.size()), argv.data());
}

}  // namespace kgitops::testing
