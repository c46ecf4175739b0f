#include "cluster/kind_watcher.hpp"

#include <chrono>
#include <csignal>

#include <boost/process.hpp>

#include "cluster/raw_watch.hpp"
#include "core/backoff.hpp"
#include "core/object.hpp"
#include "process/child_setup.hpp"

namespace kgitops {
namespace {

namespace bp = boost::process;

constexpr std::chrono::seconds k_stable_run{30};  // a run this long resets the backoff
// The server ends a resumed watch after this long; it is then resumed again.
constexpr std::chrono::seconds k_resumed_watch_timeout{1800};

// Starts the kubectl of `argv`, its stdout into `out`; nothing, once logged
// why, when it cannot.
std::unique_ptr<bp::child> start_watch_child(const std::vector<std::string>& argv,
                                             bp::ipstream& out, const std::string& name,
                                             const KindWatch::Logger& log) {
  try {
    auto program = argv.front().find('/') == std::string::npos
                       ? bp::search_path(argv.front())
                       : boost::filesystem::path(argv.front());
    if (program.empty()) {
      log(true, "cannot find '" + argv.front() + "' on PATH");
      return nullptr;
    }
    std::vector<std::string> args(argv.begin() + 1, argv.end());
    return std::make_unique<bp::child>(program, bp::args(args), bp::std_out > out,
                                       bp::std_err > bp::null, bp::std_in < bp::null, ChildSetup{});
  } catch (const std::exception& error) {
    log(true, "cannot start the watch of " + name + ": " + error.what());
    return nullptr;
  }
}

// Turns one watch's output into events, noting each in the resume point.
class WatchOutputReader {
 public:
  WatchOutputReader(const std::string& name, bool resuming, ResumePoint& resume,
                    const KindWatch::EventHandler& on_event, const KindWatch::Logger& log)
      : m_name(name), m_resuming(resuming), m_resume(resume), m_on_event(on_event), m_log(log) {}

  // Reads until kubectl closes its output.
  void read(std::istream& out) {
    // Both kubectl's indented objects and a raw watch's one object per line
    // go through the splitter, whatever their size.
    JsonStreamSplitter splitter;
    std::string line;
    while (std::getline(out, line)) {
      splitter.feed(line);
      splitter.feed("\n");
      while (auto document = splitter.next()) {
        deliver(*document);
      }
    }
  }

 private:
  void deliver(const std::string& document) {
    const auto parsed = Json::parse(document, nullptr, false);
    if (parsed.is_discarded()) {
      return;
    }
    auto events = parse_watch_events(parsed);
    if (!events) {
      return;
    }
    if (!m_listed && !m_resuming) {
      m_listed = true;  // kubectl has listed and is now watching
      m_log(false, "watch of " + m_name + " established");
    }
    for (auto& event : *events) {
      m_resume.observe(event);
      if (event.type != WatchEventType::bookmark) {
        m_on_event(std::move(event));
      }
    }
  }

  const std::string& m_name;
  bool m_resuming;
  ResumePoint& m_resume;
  const KindWatch::EventHandler& m_on_event;
  const KindWatch::Logger& m_log;
  bool m_listed = false;
};

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

KindWatcher::KindWatcher(std::vector<std::string> kubectl, ApiResource resource,
                         std::string selector, EventHandler on_event, Logger log,
                         WatcherClock clock)
    : m_kubectl(std::move(kubectl)),
      m_resource(std::move(resource)),
      m_selector(std::move(selector)),
      m_name(m_resource.kind),
      m_on_event(std::move(on_event)),
      m_log(std::move(log)),
      m_clock(std::move(clock)) {}

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

std::vector<std::string> KindWatcher::argv_for(
    const std::optional<std::string>& resource_version) const {
  if (resource_version) {
    return raw_watch_argv(m_kubectl, raw_watch_path(m_resource, m_selector, *resource_version,
                                                    k_resumed_watch_timeout));
  }
  return kind_watch_argv(m_kubectl, m_resource.qualified_resource(), m_selector);
}

void KindWatcher::run() {
  Backoff backoff(std::chrono::seconds(1), std::chrono::seconds(30));
  ResumePoint resume;
  while (true) {
    // Without a discovered API path there is nothing to resume with.
    const auto resource_version = resume.start_run(has_api_path(m_resource));
    if (resource_version) {
      m_log(false, "watch of " + m_name + " resumed from resourceVersion " + *resource_version);
    }
    const auto started = m_clock.now();
    std::optional<int> exit_code;
    try {
      exit_code = run_once(argv_for(resource_version), resource_version.has_value(), resume);
    } catch (const std::exception& error) {
      // The child was killed by its destructor; the watch starts over.
      {
        std::lock_guard lock(m_mutex);
        m_pid = 0;
      }
      m_log(true, "watch of " + m_name + " failed: " + error.what());
    }
    resume.end_run(exit_code.value_or(-1));
    if (!resume.failure().empty()) {
      m_log(false, "cannot resume the watch of " + m_name + " from resourceVersion " +
                       *resource_version + " (" + resume.failure() + "), listing again");
    }
    std::unique_lock lock(m_mutex);
    if (m_stopping) {
      return;
    }
    if (exit_code && m_clock.now() - started > k_stable_run) {
      backoff.reset();
    }
    const auto delay = backoff.fail();
    // Falling back from a failed resume to a listing is expected, not an error.
    const bool falling_back = !resume.failure().empty();
    m_log(!exit_code || (backoff.failures() > 1 && !falling_back),
          "watch of " + m_name + " ended, restarting in " + std::to_string(delay.count()) + "ms");
    m_clock.pause(lock, m_wakeup, delay, [this] { return m_stopping; });
    if (m_stopping) {
      return;
    }
  }
}

std::optional<int> KindWatcher::run_once(const std::vector<std::string>& argv, bool resuming,
                                         ResumePoint& resume) {
  bp::ipstream out;
  std::unique_ptr<bp::child> child;
  {
    std::lock_guard lock(m_mutex);
    if (m_stopping) {
      return 0;
    }
    child = start_watch_child(argv, out, m_name, m_log);
    if (!child) {
      return std::nullopt;
    }
    m_pid = child->id();
  }
  WatchOutputReader(m_name, resuming, resume, m_on_event, m_log).read(out);
  // kubectl closed its output: reap it under the lock, so that stop() never
  // signals a pid that was already reaped (and perhaps reused).
  std::lock_guard lock(m_mutex);
  // kubectl exits once its output is closed (or it was killed by stop()).
  std::error_code ignored;
  child->wait(ignored);
  m_pid = 0;
  return ignored ? -1 : child->exit_code();
}

}  // namespace kgitops
