#include "cluster/http_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <thread>

namespace kgitops {
namespace {

// The host names nothing (the socket is the address); kubectl proxy accepts
// requests for localhost only.
constexpr const char* k_base_url = "http://localhost";
// How long a stream may take to connect.
constexpr long k_stream_connect_timeout_ms = 10'000;

void init_curl_once() {
  static const bool k_initialised = [] {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    return true;
  }();
  static_cast<void>(k_initialised);
}

struct HeaderList {
  curl_slist* list = nullptr;
  HeaderList() = default;
  HeaderList(const HeaderList&) = delete;
  HeaderList& operator=(const HeaderList&) = delete;
  ~HeaderList() { curl_slist_free_all(list); }
  void add(const std::string& header) { list = curl_slist_append(list, header.c_str()); }
};

std::size_t append_body(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

CURL* as_curl(void* handle) {
  return static_cast<CURL*>(handle);
}

struct StreamState {
  CURL* handle;
  const std::function<bool(std::string_view)>* on_data;
  const std::atomic<bool>* stop;
  std::string error_body;  // the body of an answer other than 200
};

std::size_t stream_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* state = static_cast<StreamState*>(user);
  long status = 0;
  curl_easy_getinfo(state->handle, CURLINFO_RESPONSE_CODE, &status);
  const std::string_view chunk(data, size * count);
  if (status != 200) {
    state->error_body.append(chunk);
    return size * count;
  }
  return (*state->on_data)(chunk) ? size * count : 0;  // 0 ends the transfer
}

int stream_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<StreamState*>(user)->stop->load() ? 1 : 0;
}

// The part of a failed exchange worth reading: curl's own words.
std::string transport_failure(CURLcode code, const char* details) {
  const std::string text = details[0] != '\0' ? details : curl_easy_strerror(code);
  return "cannot reach the API server through kubectl proxy: " + text;
}

}  // namespace

bool retryable_status(long status) {
  return status == 429 || (status >= 500 && status <= 504 && status != 501);
}

HttpClient::HttpClient(std::function<Result<std::string>(bool suspect)> socket, HttpRetry retry)
    : m_socket(std::move(socket)), m_retry(retry) {
  init_curl_once();
}

HttpClient::~HttpClient() {
  for (void* handle : m_idle) {
    curl_easy_cleanup(as_curl(handle));
  }
}

void* HttpClient::take_handle() {
  {
    std::lock_guard lock(m_mutex);
    if (!m_idle.empty()) {
      void* handle = m_idle.back();
      m_idle.pop_back();
      return handle;
    }
  }
  return curl_easy_init();
}

void HttpClient::give_back(void* handle) {
  std::lock_guard lock(m_mutex);
  m_idle.push_back(handle);
}

Result<ApiResponse> HttpClient::send(const ApiRequest& request) {
  const auto deadline = std::chrono::steady_clock::now() + request.timeout;
  auto delay = m_retry.initial_delay;
  bool broke = false;  // the last attempt's connection broke
  // A retry that times out says less than the answer it retried ("etcd
  // failed"), so that answer is what the caller gets.
  std::optional<ApiResponse> answered;
  for (int attempt = 1;; ++attempt) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left <= std::chrono::milliseconds(0)) {
      if (answered) {
        return *answered;
      }
      return fail("request ", request.method, " ", request.path, " timed out after ",
                  std::to_string(request.timeout.count()), "ms");
    }
    auto socket = m_socket(broke);
    if (!socket) {
      return std::unexpected(socket.error());
    }
    bool transport_error = false;
    void* handle = take_handle();
    auto response = send_once(handle, *socket, request, left, transport_error);
    if (transport_error) {
      curl_easy_cleanup(as_curl(handle));  // its connection is broken
    } else {
      give_back(handle);
    }
    broke = transport_error;
    if (!response && answered) {
      return *answered;
    }
    if (response) {
      answered = *response;
    }
    const bool passing = transport_error || (response && retryable_status(response->status));
    if (!passing || attempt >= m_retry.attempts ||
        std::chrono::steady_clock::now() + delay >= deadline) {
      return response;
    }
    std::this_thread::sleep_for(delay);
    delay = std::min(delay * 2, m_retry.max_delay);
  }
}

Result<ApiResponse> HttpClient::send_once(void* raw, const std::string& socket,
                                          const ApiRequest& request,
                                          std::chrono::milliseconds timeout,
                                          bool& transport_error) {
  CURL* handle = as_curl(raw);
  ++m_requests;
  curl_easy_reset(handle);  // keeps the connection, forgets the last request's options
  const std::string url = k_base_url + request.path;
  HeaderList headers;
  headers.add("Accept: " + request.accept);
  if (!request.content_type.empty()) {
    headers.add("Content-Type: " + request.content_type);
  }
  ApiResponse response;
  char details[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(handle, CURLOPT_UNIX_SOCKET_PATH, socket.c_str());
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.list);
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, details);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, append_body);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &response.body);
  if (request.method != "GET") {
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
  }
  const CURLcode code = curl_easy_perform(handle);
  if (code != CURLE_OK) {
    transport_error = code != CURLE_OPERATION_TIMEDOUT;
    if (code == CURLE_OPERATION_TIMEDOUT) {
      return fail("request ", request.method, " ", request.path, " timed out after ",
                  std::to_string(timeout.count()), "ms");
    }
    return fail(transport_failure(code, details));
  }
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

Result<long> HttpClient::stream(const std::string& path,
                                const std::function<bool(std::string_view)>& on_data,
                                std::chrono::milliseconds idle_timeout,
                                const std::atomic<bool>& stop) {
  auto socket = m_socket(false);
  if (!socket) {
    return std::unexpected(socket.error());
  }
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> handle(curl_easy_init(), &curl_easy_cleanup);
  ++m_requests;
  const std::string url = k_base_url + path;
  HeaderList headers;
  headers.add("Accept: application/json");
  StreamState state{handle.get(), &on_data, &stop, {}};
  char details[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(handle.get(), CURLOPT_UNIX_SOCKET_PATH, socket->c_str());
  curl_easy_setopt(handle.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle.get(), CURLOPT_HTTPHEADER, headers.list);
  curl_easy_setopt(handle.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle.get(), CURLOPT_ERRORBUFFER, details);
  curl_easy_setopt(handle.get(), CURLOPT_WRITEFUNCTION, stream_body);
  curl_easy_setopt(handle.get(), CURLOPT_WRITEDATA, &state);
  curl_easy_setopt(handle.get(), CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(handle.get(), CURLOPT_XFERINFOFUNCTION, stream_progress);
  curl_easy_setopt(handle.get(), CURLOPT_XFERINFODATA, &state);
  // Nothing at all for idle_timeout (not even a bookmark): the stream is dead.
  curl_easy_setopt(handle.get(), CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(handle.get(), CURLOPT_LOW_SPEED_TIME,
                   std::max<long>(1, static_cast<long>(idle_timeout.count() / 1000)));
  curl_easy_setopt(handle.get(), CURLOPT_CONNECTTIMEOUT_MS, k_stream_connect_timeout_ms);
  const CURLcode code = curl_easy_perform(handle.get());
  long status = 0;
  curl_easy_getinfo(handle.get(), CURLINFO_RESPONSE_CODE, &status);
  if (stop.load() || code == CURLE_WRITE_ERROR) {
    return status;  // ended on purpose
  }
  if (code != CURLE_OK) {
    return fail(transport_failure(code, details));
  }
  if (status != 200) {
    return fail("watch ", path, " answered ", std::to_string(status), ": ", state.error_body);
  }
  return status;
}

}  // namespace kgitops
