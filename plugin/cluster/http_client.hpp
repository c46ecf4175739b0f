#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace kgitops {

struct ApiRequest {
  ApiRequest(std::string method_, std::string path_, std::string body_ = {},
             std::string content_type_ = {}, std::string accept_ = "application/json",
             std::chrono::milliseconds timeout_ = std::chrono::seconds(30))
      : method(std::move(method_)),
        path(std::move(path_)),
        body(std::move(body_)),
        content_type(std::move(content_type_)),
        accept(std::move(accept_)),
        timeout(timeout_) {}

  std::string method;
  std::string path;  // "/api/v1/namespaces/prod/configmaps?limit=500"
  std::string body;
  std::string content_type;  // of the body
  std::string accept;
  std::chrono::milliseconds timeout;  // the whole exchange, every retry included
};

struct ApiResponse {
  long status = 0;
  std::string body;
};

// Retry policy: which answers are worth asking again, and after how long.
struct HttpRetry {
  int attempts = 5;  // in all, the first one included
  std::chrono::milliseconds initial_delay{100};
  std::chrono::milliseconds max_delay{2'000};
};

// Whether an answer with this status is a passing trouble of the server
// (too many requests, unavailable, a proxy's bad gateway): asked again.
bool retryable_status(long status);

// HTTP/1.1 over a Unix socket (the kubectl proxy's) with libcurl, from any
// thread: a small pool of keep-alive connections, a deadline on every
// request, and retries with back-off of 429, 5xx and broken connections.
class HttpClient {
 public:
  // `socket` gives the socket to connect to, (re)starting what serves it;
  // its argument says that a request through the last one just broke.
  explicit HttpClient(std::function<Result<std::string>(bool suspect)> socket,
                      HttpRetry retry = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // One request, retried while the failure passes; any final status is a
  // response (the caller reads 404 or 409), a transport failure an error.
  Result<ApiResponse> send(const ApiRequest& request);

  // A streaming GET (a watch): `on_data` gets the body as it arrives and
  // returns false to end the stream. Ends when the server ends it, when
  // nothing arrives for `idle_timeout`, or when `stop` is set (looked at
  // every few hundred milliseconds). Returns the status; not retried.
  Result<long> stream(const std::string& path, const std::function<bool(std::string_view)>& on_data,
                      std::chrono::milliseconds idle_timeout, const std::atomic<bool>& stop);

  // Requests sent so far, retries included.
  long requests() const { return m_requests.load(); }

 private:
  void* take_handle();
  void give_back(void* handle);
  Result<ApiResponse> send_once(void* handle, const std::string& socket, const ApiRequest& request,
                                std::chrono::milliseconds timeout, bool& transport_error);

  std::function<Result<std::string>(bool suspect)> m_socket;
  HttpRetry m_retry;
  std::mutex m_mutex;
  std::vector<void*> m_idle;  // CURL easy handles, each keeping its connection
  std::atomic<long> m_requests{0};
};

}  // namespace kgitops
