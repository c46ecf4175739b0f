#pragma once

#include <algorithm>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

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

// Captures what the CLI writes to std::cerr while it lives.
struct CapturedErrors {
  std::ostringstream text;
  std::streambuf* previous = std::cerr.rdbuf(text.rdbuf());
  CapturedErrors() = default;
  CapturedErrors(const CapturedErrors&) = delete;
  CapturedErrors& operator=(const CapturedErrors&) = delete;
  ~CapturedErrors() { std::cerr.rdbuf(previous); }
};

// A kubeconfig that does not exist. Tests of command lines that must fail
// before any cluster access pass it: one that wrongly got as far as kubectl
// fails there (exit 2, not 3) and never reaches a real cluster.
inline constexpr const char* k_missing_kubeconfig =
    "/nonexistent/kubectl-gitops-unit-tests/kubeconfig";

// Parses `args` (without a program name) into the options declared on `app`.
inline void parse_flags(CLI::App& app, std::vector<std::string> args) {
  std::reverse(args.begin(), args.end());  // CLI11 takes them last first
  app.parse(std::move(args));
}

// Runs the whole CLI as `kubectl-gitops <args...>`; returns its exit code.
inline int run_cli_with(std::vector<std::string> args) {
  args.insert(args.begin(), "kubectl-gitops");
  std::vector<char*> argv;
  for (auto& arg : args) {
    argv.push_back(arg.data());
  }
  return run_cli(static_cast<int>(argv.size()), argv.data());
}

// What one run of the CLI returned and printed.
struct CliRun {
  int code = 0;
  std::string out;
  std::string err;
};

// Runs the whole CLI as `kubectl-gitops <args...> --kubeconfig <missing>`,
// capturing what it prints: for command lines that must fail before any
// cluster access (see k_missing_kubeconfig).
inline CliRun run_cli_offline(std::vector<std::string> args) {
  args.emplace_back("--kubeconfig");
  args.emplace_back(k_missing_kubeconfig);
  CapturedOutput out;
  CapturedErrors err;
  CliRun run;
  run.code = run_cli_with(std::move(args));
  run.out = out.text.str();
  run.err = err.text.str();
  return run;
}

}  // namespace kgitops::testing
