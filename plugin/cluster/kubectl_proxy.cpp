#include "cluster/kubectl_proxy.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <fstream>
#include <sstream>

#include <boost/process.hpp>

#include "cluster/kubectl_args.hpp"
#include "core/files.hpp"
#include "core/text.hpp"
#include "process/child_setup.hpp"

namespace kgitops {
namespace {

namespace bp = boost::process;

// How often the keeper looks whether the proxy still runs.
constexpr std::chrono::milliseconds k_liveness_interval{500};
constexpr std::chrono::milliseconds k_socket_poll{5};

// Whether something accepts connections on the Unix socket `path`.
bool answers(const std::filesystem::path& path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return false;
  }
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path.c_str(), sizeof(address.sun_path) - 1);
  const bool connected =
      ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0;
  ::close(fd);
  return connected;
}

// Starts `kubectl proxy` on a fresh `socket`, its stderr into `log`; why not
// when it cannot start.
Result<std::unique_ptr<bp::child>> spawn_proxy(const ClusterOptions& options,
                                               const std::filesystem::path& socket,
                                               const std::filesystem::path& log) {
  std::error_code ignored;
  std::filesystem::remove(socket, ignored);
  const auto argv = proxy_argv(options, socket.string());
  const auto program = argv.front().find('/') == std::string::npos
                           ? bp::search_path(argv.front())
                           : boost::filesystem::path(argv.front());
  if (program.empty()) {
    return fail("cannot find '", argv.front(), "' on PATH");
  }
  try {
    return std::make_unique<bp::child>(
        program, bp::args(std::vector<std::string>(argv.begin() + 1, argv.end())),
        bp::std_out > bp::null, bp::std_err > log.string(), bp::std_in < bp::null, ChildSetup{});
  } catch (const std::exception& error) {
    return fail("cannot start kubectl proxy: ", error.what());
  }
}

}  // namespace

std::vector<std::string> proxy_argv(const ClusterOptions& options, const std::string& socket) {
  auto argv = kubectl_args::base(options);
  argv.emplace_back("proxy");
  argv.push_back("--unix-socket=" + socket);
  argv.emplace_back("--keepalive=30s");
  return argv;
}

KubectlProxy::KubectlProxy(ClusterOptions options, std::chrono::milliseconds start_timeout)
    : m_options(std::move(options)),
      m_start_timeout(start_timeout),
      m_dir("kgitops-proxy-"),
      m_socket(m_dir.path() / "api.sock"),
      m_log(m_dir.path() / "proxy.log"),
      m_keeper([this] { keep(); }) {}

KubectlProxy::~KubectlProxy() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
    if (m_pid > 0) {
      ::kill(m_pid, SIGKILL);  // reaped by the keeper, so still ours
    }
  }
  m_changed.notify_all();
  m_keeper.join();
}

Result<std::string> KubectlProxy::socket(bool suspect) {
  std::unique_lock lock(m_mutex);
  if (suspect && m_ready) {
    m_check = true;
    m_changed.notify_all();
    m_changed.wait(lock, [this] { return m_stopping || !m_check; });
  }
  if (m_ready) {
    return m_socket.string();
  }
  m_wanted = true;
  m_error.clear();
  m_changed.notify_all();
  m_changed.wait(lock, [this] { return m_stopping || m_ready || !m_error.empty(); });
  if (m_ready) {
    return m_socket.string();
  }
  if (m_stopping) {
    return fail("the kubectl proxy is stopping");
  }
  return fail(m_error);
}

int KubectlProxy::starts() const {
  std::lock_guard lock(m_mutex);
  return m_starts;
}

int KubectlProxy::pid() const {
  std::lock_guard lock(m_mutex);
  return m_pid;
}

void KubectlProxy::keep() {
  std::unique_lock lock(m_mutex);
  std::unique_ptr<bp::child> child;
  while (!m_stopping) {
    m_changed.wait_for(lock, k_liveness_interval,
                       [this] { return m_stopping || m_check || (m_wanted && !m_ready); });
    if (child && !child->running()) {
      // Died (or was killed): the next request starts another one.
      m_ready = false;
      m_pid = 0;
      child.reset();
    }
    if (m_check) {
      m_check = false;
      m_changed.notify_all();
    }
    if (m_stopping || !m_wanted || m_ready) {
      continue;
    }
    auto spawned = spawn_proxy(m_options, m_socket, m_log);
    if (!spawned) {
      m_error = spawned.error().message;
      m_wanted = false;
      m_changed.notify_all();
      continue;
    }
    child = std::move(*spawned);
    m_pid = child->id();
    ++m_starts;
    m_error = start_child(lock, [&child] { return child->running(); });
    if (!m_error.empty()) {
      if (m_pid > 0) {
        ::kill(m_pid, SIGKILL);
      }
      child->wait();
      child.reset();
      m_pid = 0;
    }
    m_ready = m_error.empty();
    m_wanted = false;
    m_changed.notify_all();
  }
  if (child) {
    if (m_pid > 0 && child->running()) {
      ::kill(m_pid, SIGKILL);
    }
    child->wait();
  }
}

std::string KubectlProxy::start_child(std::unique_lock<std::mutex>& lock,
                                      const std::function<bool()>& alive) {
  const auto deadline = std::chrono::steady_clock::now() + m_start_timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    lock.unlock();
    const bool up = answers(m_socket);
    lock.lock();
    if (up) {
      return {};
    }
    if (m_stopping) {
      return "the kubectl proxy is stopping";
    }
    // Asked under the lock: a child reaped here is no longer m_pid, so
    // the destructor never kills a process id that was reused.
    if (!alive()) {
      m_pid = 0;
      break;
    }
    m_changed.wait_for(lock, k_socket_poll, [this] { return m_stopping; });
  }
  auto why = last_error_lines();
  return "kubectl proxy did not start" + (why.empty() ? std::string(" in time") : ": " + why);
}

std::string KubectlProxy::last_error_lines() const {
  return trim(read_file(m_log).value_or(""));
}

}  // namespace kgitops
