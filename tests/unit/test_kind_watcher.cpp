#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include <dirent.h>
#include <unistd.h>

#include "cluster/kind_watcher.hpp"
#include "core/temp_dir.hpp"

using namespace kgitops;

namespace {

// Children of this process that are still in the process table (zombies
// included), read from /proc.
int children_of_us() {
  int count = 0;
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr) {
    return -1;
  }
  const auto self = std::to_string(::getpid());
  while (auto* entry = ::readdir(proc)) {
    const std::string name = entry->d_name;
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) {
      continue;
    }
    std::ifstream stat("/proc/" + name + "/stat");
    std::string text;
    std::getline(stat, text);
    const auto close = text.rfind(')');
    if (close == std::string::npos) {
      continue;
    }
    std::istringstream fields(text.substr(close + 2));
    std::string state;
    std::string parent;
    fields >> state >> parent;
    if (parent == self) {
      ++count;
    }
  }
  ::closedir(proc);
  return count;
}

const ApiResource k_services{"", "v1", "Service", "services", true};

std::vector<std::string> lines_of(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

}  // namespace

TEST_CASE("kubectl's watch arguments") {
  CHECK(kind_watch_argv({"kubectl", "--context=x"}, "deployments.apps", "a=b") ==
        std::vector<std::string>{"kubectl", "--context=x", "get", "deployments.apps",
                                 "--all-namespaces", "-l", "a=b", "--watch",
                                 "--output-watch-events", "-o", "json"});
}

TEST_CASE("a watcher turns the stream into events, restarts its child and reaps it on stop") {
  TempDir dir("kind-watcher");
  const auto script = dir.path() / "fake-kubectl";
  {
    std::ofstream out(script);
    out << "#!/bin/sh\n"
           "printf '{\\n  \"type\": \"MODIFIED\",\\n  \"object\": {\"apiVersion\": \"v1\", "
           "\"kind\": \"Service\", \"metadata\": {\"name\": \"web\", \"namespace\": "
           "\"p\"}}\\n}\\n'\n"
           "exec sleep 30\n";
  }
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  const int before = children_of_us();
  std::mutex mutex;
  std::vector<WatchEvent> events;
  {
    KindWatcher watcher(
        {script.string()}, k_services, "app=web",
        [&](WatchEvent event) {
          std::lock_guard lock(mutex);
          events.push_back(std::move(event));
        },
        [](bool, const std::string&) {});
    watcher.start();
    for (int i = 0; i < 100; ++i) {
      {
        std::lock_guard lock(mutex);
        if (!events.empty()) {
          break;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    CHECK(children_of_us() == before + 1);
    watcher.stop();
    CHECK(children_of_us() == before);
  }
  std::lock_guard lock(mutex);
  REQUIRE(events.size() == 1);
  CHECK(events[0].type == WatchEventType::modified);
  CHECK(events[0].key.name == "web");
}

namespace {

// A WatcherClock that records each pause instead of sleeping through it, and
// moves its own time by `run_length` on every reading. After `pauses` pauses
// it waits on the watcher for real, until stop().
struct RecordingClock {
  std::mutex mutex;
  std::vector<std::chrono::milliseconds> delays;
  std::chrono::steady_clock::time_point now{};
  std::chrono::seconds run_length{0};
  std::size_t pauses = 4;

  WatcherClock clock() {
    WatcherClock clock;
    clock.now = [this] {
      std::lock_guard lock(mutex);
      now += run_length;
      return now;
    };
    clock.pause = [this](std::unique_lock<std::mutex>& lock, std::condition_variable& wakeup,
                         std::chrono::milliseconds delay, const std::function<bool()>& stopping) {
      bool enough = false;
      {
        std::lock_guard guard(mutex);
        delays.push_back(delay);
        enough = delays.size() >= pauses;
      }
      if (enough) {
        wakeup.wait(lock, stopping);
      }
    };
    return clock;
  }

  // The delays so far, once `pauses` of them were recorded (or after 10 s).
  std::vector<std::chrono::milliseconds> wait_for_pauses() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      {
        std::lock_guard lock(mutex);
        if (delays.size() >= pauses) {
          return delays;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::lock_guard lock(mutex);
    return delays;
  }
};

// A kubectl that records each run and fails at once.
std::filesystem::path failing_kubectl(const TempDir& dir, const std::filesystem::path& runs) {
  const auto script = dir.path() / "fake-kubectl";
  {
    std::ofstream out(script);
    out << "#!/bin/sh\necho run >> '" << runs.string() << "'\nexit 1\n";
  }
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  return script;
}

int lines_in(const std::filesystem::path& file) {
  std::ifstream in(file);
  int count = 0;
  for (std::string line; std::getline(in, line);) {
    ++count;
  }
  return count;
}

}  // namespace

TEST_CASE("a watcher whose kubectl ends starts another one, backing off 1 s, 2 s, 4 s, 8 s") {
  TempDir dir("kind-watcher");
  const auto runs = dir.path() / "runs";
  RecordingClock recording;
  KindWatcher watcher(
      {failing_kubectl(dir, runs).string()}, k_services, "app=web", [](WatchEvent) {},
      [](bool, const std::string&) {}, recording.clock());
  watcher.start();
  const auto delays = recording.wait_for_pauses();
  watcher.stop();
  using std::chrono::milliseconds;
  CHECK(delays == std::vector<milliseconds>{milliseconds(1000), milliseconds(2000),
                                            milliseconds(4000), milliseconds(8000)});
  // One run before each pause: every pause was followed by a new kubectl.
  CHECK(lines_in(runs) == 4);
}

TEST_CASE("a watcher's back-off starts over after a run that lasted") {
  TempDir dir("kind-watcher");
  const auto runs = dir.path() / "runs";
  RecordingClock recording;
  recording.run_length = std::chrono::seconds(31);  // each run looks stable
  recording.pauses = 3;
  KindWatcher watcher(
      {failing_kubectl(dir, runs).string()}, k_services, "app=web", [](WatchEvent) {},
      [](bool, const std::string&) {}, recording.clock());
  watcher.start();
  const auto delays = recording.wait_for_pauses();
  watcher.stop();
  using std::chrono::milliseconds;
  CHECK(delays == std::vector<milliseconds>(3, milliseconds(1000)));
  // The recording clock holds its last pause until stop() wakes the watcher:
  // had stop() not cut a pause short, this test would not end.
}

TEST_CASE("a watcher resumes from the last resourceVersion and lists again after 410 Gone") {
  TempDir dir("kind-watcher");
  const auto script = dir.path() / "fake-kubectl";
  const auto runs = dir.path() / "runs";
  {
    // 1st run, a listing: one object at version 7, then the stream ends.
    // 2nd run, resumed: a bookmark, then 410 Gone. 3rd run: stays up.
    std::ofstream out(script);
    out << "#!/bin/sh\n"
           "echo \"$*\" >> '"
        << runs.string()
        << "'\n"
           "case $(wc -l < '"
        << runs.string()
        << "') in\n"
           "1) printf '%s\\n' '{\"type\":\"MODIFIED\",\"object\":{\"apiVersion\":\"v1\","
           "\"kind\":\"Service\",\"metadata\":{\"name\":\"web\",\"namespace\":\"p\","
           "\"resourceVersion\":\"7\"}}}' ;;\n"
           "2) printf '%s\\n' '{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Service\","
           "\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"9\"}}}'\n"
           "   printf '%s\\n' '{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\","
           "\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":"
           "\"too old resource version: 7 (20)\",\"reason\":\"Expired\",\"code\":410}}' ;;\n"
           "*) exec sleep 30 ;;\n"
           "esac\n";
  }
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  std::mutex mutex;
  std::vector<WatchEvent> events;
  std::vector<std::string> logs;
  int errors_logged = 0;
  KindWatcher watcher(
      {script.string(), "--context=x"}, k_services, "app=web",
      [&](WatchEvent event) {
        std::lock_guard lock(mutex);
        events.push_back(std::move(event));
      },
      [&](bool error, const std::string& message) {
        std::lock_guard lock(mutex);
        logs.push_back(message);
        errors_logged += error ? 1 : 0;
      });
  watcher.start();
  // Backoff: 1 s before the 2nd run, 2 s before the 3rd; bounded, not timed.
  for (int i = 0; i < 300 && lines_of(runs).size() < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  watcher.stop();
  const auto commands = lines_of(runs);
  REQUIRE(commands.size() == 3);
  CHECK(commands[0] ==
        "--context=x get services --all-namespaces -l app=web --watch "
        "--output-watch-events -o json");
  CHECK(commands[1] ==
        "--context=x get --raw /api/v1/services?watch=true&labelSelector=app%3Dweb"
        "&resourceVersion=7&allowWatchBookmarks=true&timeoutSeconds=1800");
  CHECK(commands[2] == commands[0]);
  std::lock_guard lock(mutex);
  // The bookmark is not passed on; the error is, as before.
  REQUIRE(events.size() == 2);
  CHECK(events[0].type == WatchEventType::modified);
  CHECK(events[1].type == WatchEventType::error);
  const auto logged = [&](const std::string& text) {
    return std::ranges::any_of(logs, [&](const auto& line) { return line == text; });
  };
  CHECK(logged("watch of Service resumed from resourceVersion 7"));
  CHECK(
      logged("cannot resume the watch of Service from resourceVersion 7 (410 Expired: too old "
             "resource version: 7 (20)), listing again"));
  // Falling back to a listing is expected: nothing is logged as an error.
  CHECK(errors_logged == 0);
}
