#include "process/process.hpp"

#include <fcntl.h>

#include <atomic>
#include <csignal>
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/process.hpp>
#include <boost/process/extend.hpp>

#include "process/child_setup.hpp"

namespace kgitops {
namespace {

namespace bp = boost::process;

std::atomic<long> g_processes_started{0};

struct RunningChild {
  // Our ends of the child's stdin, stdout and stderr, so that a timeout can
  // close them: what the child started may hold the other ends open.
  std::unique_ptr<bp::async_pipe> in;
  std::unique_ptr<bp::async_pipe> out_pipe;
  std::unique_ptr<bp::async_pipe> err_pipe;
  std::string out;
  std::string err;
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

// A child that exits without reading all its input must not take this
// process down with SIGPIPE; the write fails instead. Children get the
// default back (an ignored signal stays ignored across exec).
void ignore_sigpipe() {
  static const bool k_ignored = [] {
    std::signal(SIGPIPE, SIG_IGN);
    return true;
  }();
  static_cast<void>(k_ignored);
}

// Our ends of the pipes are for no child: a sibling started later would
// otherwise hold a copy of the write end of this child's stdin, and this
// child would not see the end of its input until that sibling exits.
void keep_from_children(const RunningChild& slot) {
  for (const int fd :
       {slot.in->native_sink(), slot.out_pipe->native_source(), slot.err_pipe->native_source()}) {
    ::fcntl(fd, F_SETFD, FD_CLOEXEC);
  }
}

void close_pipes(RunningChild& slot) {
  boost::system::error_code ignored;
  slot.in->close(ignored);
  slot.out_pipe->close(ignored);
  slot.err_pipe->close(ignored);
}

// Every program is found before any starts, so a missing one leaves no child behind.
Result<std::vector<boost::filesystem::path>> find_programs(
    const std::vector<ProcessRequest>& requests) {
  std::vector<boost::filesystem::path> programs;
  for (const auto& request : requests) {
    if (request.argv.empty()) {
      return fail("internal error: empty command line");
    }
    auto program = find_program(request.argv.front());
    if (!program) {
      return std::unexpected(program.error());
    }
    programs.push_back(std::move(*program));
  }
  return programs;
}

// Ours, with the request's variables set over it.
bp::environment child_environment(const ProcessRequest& request) {
  auto environment = boost::this_process::environment();
  bp::environment merged = environment;
  for (const auto& [key, value] : request.environment) {
    merged[key] = value;
  }
  return merged;
}

// The child's pipes, and its deadline timer when it has one, on `io`.
void open_pipes(boost::asio::io_context& io, RunningChild& slot, const ProcessRequest& request) {
  if (request.timeout) {
    slot.timer = std::make_unique<boost::asio::steady_timer>(io, *request.timeout);
  }
  slot.in = std::make_unique<bp::async_pipe>(io);
  slot.out_pipe = std::make_unique<bp::async_pipe>(io);
  slot.err_pipe = std::make_unique<bp::async_pipe>(io);
  keep_from_children(slot);
}

// Starts the child of `request` on the pipes of `slot`. Throws what
// Boost.Process throws when it cannot start.
void spawn_child(boost::asio::io_context& io, RunningChild& slot,
                 const boost::filesystem::path& program, const std::vector<std::string>& args,
                 bp::environment& environment) {
  slot.child = std::make_unique<bp::child>(
      program, bp::args(args), bp::std_in = *slot.in, bp::std_out = *slot.out_pipe,
      bp::std_err = *slot.err_pipe, environment, io, ChildSetup{},
      bp::on_exit([&slot](int exit_code, const std::error_code&) {
        slot.exit_code = exit_code;
        if (slot.timer) {
          slot.timer->cancel();
        }
      }));
}

// Kills and reaps the first `count` children: a later one failed to start.
void stop_children(std::vector<RunningChild>& running, std::size_t count) {
  for (std::size_t j = 0; j < count; ++j) {
    std::error_code ignored;
    running[j].child->terminate(ignored);
    running[j].child->wait(ignored);  // terminate alone does not reap
  }
}

// Queues the child's input, the reading of its output, and its deadline.
void start_io(RunningChild& slot, const ProcessRequest& request) {
  boost::asio::async_write(*slot.in, boost::asio::buffer(request.input),
                           [&slot](const boost::system::error_code&, std::size_t) {
                             boost::system::error_code ignored;
                             slot.in->close(ignored);  // end of input
                           });
  boost::asio::async_read(*slot.out_pipe, boost::asio::dynamic_buffer(slot.out),
                          [](const boost::system::error_code&, std::size_t) {});
  boost::asio::async_read(*slot.err_pipe, boost::asio::dynamic_buffer(slot.err),
                          [](const boost::system::error_code&, std::size_t) {});
  if (slot.timer) {
    slot.timer->async_wait([&slot](const boost::system::error_code& error) {
      if (!error && slot.child->running()) {
        slot.timed_out = true;
        std::error_code ignored;
        slot.child->terminate(ignored);
        close_pipes(slot);
      }
    });
  }
}

// What each child printed and how it ended; a child killed at its deadline
// exits 124, as timeout(1) does, and says so on stderr.
std::vector<ProcessOutput> collect_outputs(std::vector<RunningChild>& running,
                                           const std::vector<ProcessRequest>& requests) {
  std::vector<ProcessOutput> outputs;
  outputs.reserve(running.size());
  for (std::size_t i = 0; i < running.size(); ++i) {
    auto& slot = running[i];
    ProcessOutput output;
    output.exit_code = slot.exit_code;
    output.out = std::move(slot.out);
    output.err = std::move(slot.err);
    if (slot.timed_out) {
      output.exit_code = 124;
      output.err += "\ntimed out after " + std::to_string(requests[i].timeout->count()) + " ms";
    }
    outputs.push_back(std::move(output));
  }
  return outputs;
}

}  // namespace

Result<std::vector<ProcessOutput>> run_processes(const std::vector<ProcessRequest>& requests) {
  ignore_sigpipe();
  auto programs = find_programs(requests);
  if (!programs) {
    return std::unexpected(programs.error());
  }
  boost::asio::io_context io;
  std::vector<RunningChild> running(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const auto& request = requests[i];
    try {
      // Pipes too: running out of descriptors for this child must still
      // reap the ones already started.
      std::vector<std::string> args(request.argv.begin() + 1, request.argv.end());
      auto environment = child_environment(request);
      open_pipes(io, running[i], request);
      spawn_child(io, running[i], (*programs)[i], args, environment);
    } catch (const std::exception& error) {
      stop_children(running, i);
      return fail("cannot run '", request.argv.front(), "': ", error.what());
    }
    ++g_processes_started;
    start_io(running[i], request);
  }
  // Returns once every child has exited and its pipes are drained.
  io.run();
  return collect_outputs(running, requests);
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
