#include "watch/kind_watcher.hpp"

#include <chrono>
#include <csignal>

#include <boost/process.hpp>

#include "core/object.hpp"
#include "process/child_setup.hpp"
#include "watch/backoff.hpp"

namespace kgitops {
namespace {

namespace bp = boost::process;

constexpr std::chrono::seconds k_stable_run{30};  // a run this long resets the backoff

}  // namespace

std::vector<std::string> kind_watch_argv(std::vector<std::string> base, const std::string& resource,
                                         const std::string& selector) {
  for (const auto& arg :
       {std::string("get"), resource, std::string("--all-namespaces"), std::string("-l"), selector,
        std::string("--watch"), std::string("--output-watch-events"), std::string("-o"),
        std::string("json")}) {
    base.push_back(arg);
  }
  return base;
}

KindWatcher::KindWatcher(std::vector<std::string> argv, std::string name, EventHandler on_event,
                         Logger log)
    : m_argv(std::move(argv)),
      m_name(std::move(name)),
      m_on_event(std::move(on_event)),
      m_log(std::move(log)) {}

KindWatcher::~KindWatcher() {
  stop();
}

void KindWatcher::start() {
  m_thread = std::thread([this] { run(); });
}

void KindWatcher::stop() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
    if (m_pid > 0) {
      ::kill(m_pid, SIGKILL);  // not reaped yet (see run_once), so still ours
    }
  }
  m_wakeup.notify_all();
  if (m_thread.joinable()) {
    m_thread.join();
  }
}

void KindWatcher::run() {
  Backoff backoff(std::chrono::seconds(1), std::chrono::seconds(30));
  while (true) {
    const auto started = std::chrono::steady_clock::now();
    const bool ran = run_once();
    std::unique_lock lock(m_mutex);
    if (m_stopping) {
      return;
    }
    if (ran && std::chrono::steady_clock::now() - started > k_stable_run) {
      backoff.reset();
    }
    const auto delay = backoff.fail();
    m_log(!ran || backoff.failures() > 1,
          "watch of " + m_name + " ended, restarting in " + std::to_string(delay.count()) + "ms");
    m_wakeup.wait_for(lock, delay, [this] { return m_stopping; });
    if (m_stopping) {
      return;
    }
  }
}

bool KindWatcher::run_once() {
  bp::ipstream out;
  std::unique_ptr<bp::child> child;
  {
    std::lock_guard lock(m_mutex);
    if (m_stopping) {
      return true;
    }
    try {
      auto program = m_argv.front().find('/') == std::string::npos
                         ? bp::search_path(m_argv.front())
                         : boost::filesystem::path(m_argv.front());
      if (program.empty()) {
        m_log(true, "cannot find '" + m_argv.front() + "' on PATH");
        return false;
      }
      std::vector<std::string> args(m_argv.begin() + 1, m_argv.end());
      child =
          std::make_unique<bp::child>(program, bp::args(args), bp::std_out > out,
                                      bp::std_err > bp::null, bp::std_in < bp::null, ChildSetup{});
    } catch (const std::exception& error) {
      m_log(true, "cannot start the watch of " + m_name + ": " + error.what());
      return false;
    }
    m_pid = child->id();
  }
  JsonStreamSplitter splitter;
  bool listed = false;
  std::string line;
  while (std::getline(out, line)) {
    splitter.feed(line);
    splitter.feed("\n");
    while (auto document = splitter.next()) {
      const auto parsed = Json::parse(*document, nullptr, false);
      if (parsed.is_discarded()) {
        continue;
      }
      auto events = parse_watch_events(parsed);
      if (!events) {
        continue;
      }
      if (!listed) {
        listed = true;  // kubectl has listed and is now watching
        m_log(false, "watch of " + m_name + " established");
      }
      for (auto& event : *events) {
        if (event.type != WatchEventType::bookmark) {
          m_on_event(std::move(event));
        }
      }
    }
  }
  // kubectl closed its output: reap it under the lock, so that stop() never
  // signals a pid that was already reaped (and perhaps reused).
  std::lock_guard lock(m_mutex);
  // kubectl exits once its output is closed (or it was killed by stop()).
  std::error_code ignored;
  child->wait(ignored);
  m_pid = 0;
  return true;
}

}  // namespace kgitops
