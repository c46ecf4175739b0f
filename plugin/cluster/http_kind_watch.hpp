#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "cluster/http_cluster.hpp"
#include "cluster/kind_watcher.hpp"

namespace kgitops {

// The watch of one kind as an HTTP stream through the kubectl proxy: no
// kubectl child per kind. It lists the kind first (every object an ADDED
// event, as `kubectl get --watch` does), then watches from the list's
// resourceVersion with bookmarks, so the version stays fresh while nothing
// changes. A stream that ends is resumed from the last version seen; 410
// Gone (the version was compacted away) lists again. Failures back off.
// Besides the objects' events it delivers the markers of a listing and of an
// interrupted stream, and bookmarks, so a cache fed by it knows when it
// holds every object (see WatchEventType).
class HttpKindWatch final : public KindWatch {
 public:
  HttpKindWatch(std::shared_ptr<ApiConnection> connection, std::chrono::milliseconds timeout,
                ApiResource resource, std::string selector, EventHandler on_event, Logger log,
                WatcherClock clock = {});
  ~HttpKindWatch() override;
  HttpKindWatch(const HttpKindWatch&) = delete;
  HttpKindWatch& operator=(const HttpKindWatch&) = delete;

  void start() override;
  void stop() override;

 private:
  void run();
  // Lists the kind and delivers every object; the version to watch from.
  Result<std::string> list_all();
  // Watches from `version` until the stream ends; false when it must list again.
  Result<bool> stream_from(std::string& version);

  std::shared_ptr<ApiConnection> m_connection;
  std::chrono::milliseconds m_timeout;
  ApiResource m_resource;
  std::string m_selector;
  EventHandler m_on_event;
  Logger m_log;
  WatcherClock m_clock;
  std::atomic<bool> m_stop{false};
  std::mutex m_mutex;
  std::condition_variable m_wakeup;
  bool m_stopping = false;
  std::thread m_thread;
};

}  // namespace kgitops
