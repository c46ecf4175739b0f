#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace kgitops {

// One program to run to completion. Secrets travel in `input` or `environment`,
// never in `argv`, which any user of the machine can read.
struct ProcessRequest {
  std::vector<std::string> argv;                   // argv[0] is looked up on PATH
  std::string input;                               // written to the child's stdin, then closed
  std::map<std::string, std::string> environment;  // added to (or replacing) ours
  std::optional<std::chrono::milliseconds> timeout;
};

struct ProcessOutput {
  int exit_code = 0;
  std::string out;
  std::string err;
};

// Runs each request to completion, all of them at once, and returns their
// outputs in order. Every child is reaped before it returns, also on timeout.
// Fails only when a program cannot be started at all.
Result<std::vector<ProcessOutput>> run_processes(const std::vector<ProcessRequest>& requests);

Result<ProcessOutput> run_process(const ProcessRequest& request);

// Counts every child started by this process, for tests and the benchmark.
long processes_started();

}  // namespace kgitops
