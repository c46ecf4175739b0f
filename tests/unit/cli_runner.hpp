#pragma once

#include <algorithm>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>
#include <CLI/CLI.hpp>

#include "cli/cli.hpp"
#include "core/error.hpp"
#include "core/exit_codes.hpp"

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

// Declares a command's flags, as `add(command, flags)` does, on a fresh
// command called `name`, and parses `args` into them.
template <typename Flags, typename AddFlags>
Flags parse_command(const char* name, AddFlags add, const std::vector<std::string>& args) {
  CLI::App command{name, std::string("kubectl gitops ") + name};
  Flags flags;
  add(command, flags);
  parse_flags(command, args);
  return flags;
}

// The names of the options declared on `app`, --help included.
inline std::set<std::string> option_names(const CLI::App& app) {
  std::set<std::string> names;
  for (const auto* option : app.get_options()) {
    names.insert(option->get_name());
  }
  return names;
}

// The value of a result that must have succeeded; its error fails the test.
template <typename T>
T value_of(Result<T> result) {
  REQUIRE_MESSAGE(result.has_value(), to_string(result.error()));
  return std::move(*result);
}

// The message of a result that must have failed.
template <typename T>
std::string error_message(const Result<T>& result) {
  REQUIRE_FALSE(result.has_value());
  return to_string(result.error());
}

// `args` as one line, for naming a case in a failure's report.
inline std::string command_line(const std::vector<std::string>& args) {
  std::string line;
  for (const auto& arg : args) {
    line += (line.empty() ? "" : " ") + arg;
  }
  return line;
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

// A command line that must be refused as a usage error, and the start of the
// error it must print.
struct UsageError {
  std::vector<std::string> args;
  std::string message;
};

// Checks that each command line exits 3 (ExitCode::usage) before any cluster
// or git access, printing nothing on stdout and an error starting with its
// message on stderr, then where to read the command's usage.
inline void check_usage_errors(const std::vector<UsageError>& cases) {
  for (const auto& c : cases) {
    const auto args = command_line(c.args);
    CAPTURE(args);
    CAPTURE(c.message);
    const auto run = run_cli_offline(c.args);
    CAPTURE(run.err);
    CHECK(run.code == to_int(ExitCode::usage));
    CHECK(run.err.starts_with(c.message));
    CHECK(run.err.ends_with(" -h' for help.\n"));
    CHECK(run.out.empty());
  }
}

// Checks that `args` (which ask for help) exit 0 and print the help with its
// `Usage: <usage>` line; returns the run for the command's own checks.
inline CliRun check_help(const std::vector<std::string>& args, const std::string& usage) {
  const auto command = command_line(args);
  CAPTURE(command);
  CAPTURE(usage);
  auto run = run_cli_offline(args);
  CHECK(run.code == 0);
  CHECK(run.out.find("\nUsage: " + usage + "\n") != std::string::npos);
  return run;
}

}  // namespace kgitops::testing
