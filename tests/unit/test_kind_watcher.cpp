#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include <dirent.h>
#include <unistd.h>

#include "core/temp_dir.hpp"
#include "watch/kind_watcher.hpp"

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
        {script.string()}, "Service",
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

TEST_CASE("a watcher whose kubectl ends starts another one") {
  TempDir dir("kind-watcher");
  const auto script = dir.path() / "fake-kubectl";
  const auto runs = dir.path() / "runs";
  {
    std::ofstream out(script);
    out << "#!/bin/sh\necho run >> '" << runs.string() << "'\nexit 1\n";
  }
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  KindWatcher watcher(
      {script.string()}, "Service", [](WatchEvent) {}, [](bool, const std::string&) {});
  watcher.start();
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  watcher.stop();
  std::ifstream in(runs);
  int count = 0;
  for (std::string line; std::getline(in, line);) {
    ++count;
  }
  // At 0 s, after a 1 s backoff, then 2 s more: two or three runs.
  CHECK(count >= 2);
  CHECK(count <= 3);
}
