#include "process/process.hpp"

#include <atomic>
#include <future>
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/process.hpp>

namespace kgitops {
namespace {

namespace bp = boost::process;

std::atomic<long> g_processes_started{0};

struct RunningChild {
  std::future<std::string> out;
  std::future<std::string> err;
  std::unique_ptr<bp::child> child;
  std::unique_ptr<boost::asio::steady_timer> timer;
  int exit_code = -1;
  bool timed_out = false;
};

Result<boost::filesystem::path> find_program(const std::string& name) {
  if (name.find('/') != std::string::npos) {
    return boost::filesystem::path(name);
  }
  auto found = bp::search_path(name);
  if (found.empty()) {
    return fail("cannot find '", name, "' on PATH");
  }
  return found;
}

}  // namespace

Result<std::vector<ProcessOutput>> run_processes(const std::vector<ProcessRequest>& requests) {
  boost::asio::io_context io;
  std::vector<RunningChild> running(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const auto& request = requests[i];
    if (request.argv.empty()) {
      return fail("internal error: empty command line");
    }
    auto program = find_program(request.argv.front());
    if (!program) {
      return std::unexpected(program.error());
    }
    std::vector<std::string> args(request.argv.begin() + 1, request.argv.end());
    auto environment = boost::this_process::environment();
    bp::environment child_environment = environment;
    for (const auto& [key, value] : request.environment) {
      child_environment[key] = value;
    }
    auto& slot = running[i];
    if (request.timeout) {
      slot.timer = std::make_unique<boost::asio::steady_timer>(io, *request.timeout);
    }
    try {
      slot.child = std::make_unique<bp::child>(
          *program, bp::args(args),
          bp::std_in<boost::asio::buffer(request.input), bp::std_out> slot.out,
          bp::std_err > slot.err, child_environment, io,
          bp::on_exit([&slot](int exit_code, const std::error_code&) {
            slot.exit_code = exit_code;
            if (slot.timer) {
              slot.timer->cancel();
            }
          }));
    } catch (const std::exception& error) {
      for (std::size_t j = 0; j < i; ++j) {
        std::error_code ignored;
        running[j].child->terminate(ignored);
      }
      return fail("cannot run '", request.argv.front(), "': ", error.what());
    }
    ++g_processes_started;
    if (slot.timer) {
      slot.timer->async_wait([&slot](const boost::system::error_code& error) {
        if (!error && slot.child->running()) {
          slot.timed_out = true;
          std::error_code ignored;
          slot.child->terminate(ignored);
        }
      });
    }
  }
  // Returns once every child has exited and its pipes are drained.
  io.run();

  std::vector<ProcessOutput> outputs;
  outputs.reserve(running.size());
  for (std::size_t i = 0; i < running.size(); ++i) {
    auto& slot = running[i];
    ProcessOutput output;
    output.exit_code = slot.exit_code;
    output.out = slot.out.get();
    output.err = slot.err.get();
    if (slot.timed_out) {
      output.exit_code = 124;
      output.err += "\ntimed out after " + std::to_string(requests[i].timeout->count()) + " ms";
    }
    outputs.push_back(std::move(output));
  }
  return outputs;
}

Result<ProcessOutput> run_process(const ProcessRequest& request) {
  auto outputs = run_processes({request});
  if (!outputs) {
    return std::unexpected(outputs.error());
  }
  return std::move(outputs->front());
}

long processes_started() {
  return g_processes_started.load();
}

}  // namespace kgitops
