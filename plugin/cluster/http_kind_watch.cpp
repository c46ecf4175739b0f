#include "cluster/http_kind_watch.hpp"

#include "cluster/raw_watch.hpp"
#include "cluster/resume_point.hpp"
#include "cluster/watch_event.hpp"
#include "core/backoff.hpp"

namespace kgitops {
namespace {

// The server ends a watch after this long; it is then resumed.
constexpr std::chrono::seconds k_watch_timeout{1800};
// Bookmarks come about once a minute: nothing for this long, the stream is dead.
constexpr std::chrono::minutes k_idle_timeout{3};
constexpr std::chrono::seconds k_stable_run{30};  // a run this long resets the back-off

}  // namespace

HttpKindWatch::HttpKindWatch(std::shared_ptr<ApiConnection> connection,
                             std::chrono::milliseconds timeout, ApiResource resource,
                             std::string selector, EventHandler on_event, Logger log,
                             WatcherClock clock)
    : m_connection(std::move(connection)),
      m_timeout(timeout),
      m_resource(std::move(resource)),
      m_selector(std::move(selector)),
      m_on_event(std::move(on_event)),
      m_log(std::move(log)),
      m_clock(std::move(clock)) {}

HttpKindWatch::~HttpKindWatch() {
  stop();
}

void HttpKindWatch::start() {
  m_thread = std::thread([this] {
    try {
      run();
    } catch (const std::exception& error) {
      m_log(true, "watch of " + m_resource.kind + " stopped: " + error.what());
    }
  });
}

void HttpKindWatch::stop() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_stop = true;
  m_wakeup.notify_all();
  if (m_thread.joinable()) {
    m_thread.join();
  }
}

void HttpKindWatch::run() {
  Backoff backoff(std::chrono::seconds(1), std::chrono::seconds(30));
  std::optional<std::string> version;
  while (!m_stop) {
    const auto started = m_clock.now();
    std::string error;
    if (!version) {
      m_on_event(WatchEvent{WatchEventType::listing, {}, {}});
      auto listed = list_all();
      if (listed) {
        version = *listed;
        m_on_event(WatchEvent{WatchEventType::listed, {}, {}});
        m_log(false, "watch of " + m_resource.kind + " established");
      } else {
        error = to_string(listed.error());
      }
    } else {
      m_log(false, "watch of " + m_resource.kind + " resumed from resourceVersion " + *version);
    }
    if (version) {
      auto streamed = stream_from(*version);
      m_on_event(WatchEvent{WatchEventType::interrupted, {}, {}});
      if (!streamed) {
        error = to_string(streamed.error());
      } else if (!*streamed) {
        version.reset();  // 410 Gone: list again, at once
        continue;
      }
    }
    std::unique_lock lock(m_mutex);
    if (m_stopping) {
      return;
    }
    if (error.empty() && m_clock.now() - started > k_stable_run) {
      backoff.reset();
    }
    const auto delay = backoff.fail();
    m_log(!error.empty(), "watch of " + m_resource.kind +
                              (error.empty() ? " ended" : " failed: " + error) +
                              ", restarting in " + std::to_string(delay.count()) + "ms");
    m_clock.pause(lock, m_wakeup, delay, [this] { return m_stopping; });
  }
}

Result<std::string> HttpKindWatch::list_all() {
  auto listed = list_kind(m_connection->client, m_timeout, m_resource, "", m_selector);
  if (!listed) {
    return std::unexpected(listed.error());
  }
  if (!*listed) {
    return fail("the server no longer serves ", m_resource.qualified_resource());
  }
  for (auto& item : (*listed)->items) {
    auto key = key_of(item);
    m_on_event(WatchEvent{WatchEventType::added, std::move(key), std::move(item)});
  }
  return (*listed)->resource_version;
}

Result<bool> HttpKindWatch::stream_from(std::string& version) {
  JsonStreamSplitter splitter;
  bool gone = false;
  std::string failure;
  const auto on_data = [&](std::string_view chunk) {
    splitter.feed(chunk);
    while (auto document = splitter.next()) {
      const Json parsed = Json::parse(*document, nullptr, false);
      auto event = parse_watch_event(parsed);
      if (!event) {
        failure = to_string(event.error());
        return false;
      }
      if (event->type == WatchEventType::error && !event->object.is_object()) {
        failure = "the watch failed without a Status";
        return false;
      }
      if (event->type == WatchEventType::error) {
        const auto code = event->object.find("code");
        gone = code != event->object.end() && code->is_number_integer() && *code == 410;
        failure = describe_watch_error(event->object);
        return false;
      }
      const auto& metadata = event->object["metadata"];
      if (metadata.is_object() && metadata.contains("resourceVersion") &&
          metadata["resourceVersion"].is_string()) {
        version = metadata["resourceVersion"].get<std::string>();
      }
      // Bookmarks too: they show the stream serves while nothing changes.
      m_on_event(std::move(*event));
    }
    return true;
  };
  auto status =
      m_connection->client.stream(raw_watch_path(m_resource, m_selector, version, k_watch_timeout),
                                  on_data, k_idle_timeout, m_stop);
  if (gone) {
    m_log(false, "watch of " + m_resource.kind + " expired (" + failure + "), listing again");
    return false;
  }
  if (!failure.empty()) {
    return fail(failure);
  }
  if (!status) {
    return std::unexpected(status.error());
  }
  return true;
}

}  // namespace kgitops
