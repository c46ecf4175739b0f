#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "http/http_server.hpp"
#include "http/recent_deliveries.hpp"

using namespace kgitops;

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

// An HttpServer on 127.0.0.1, any free port, its io_context run by a thread
// of its own as run_watch runs it.
struct Server {
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(io);
  Metrics metrics;
  std::atomic<int> wakes{0};
  std::atomic<bool> ready{false};
  std::atomic<int> accept_errors{0};
  RecentDeliveries deliveries{64};
  std::unique_ptr<HttpServer> server;
  unsigned short port = 0;
  std::thread thread;

  explicit Server(HttpServerLimits limits = {}) {
    HttpEndpoints endpoints;
    endpoints.metrics = &metrics;
    endpoints.webhook_secret = "s3cret";
    endpoints.wake = [this](const HookPayload&) {
      ++wakes;
      return std::vector<std::string>{"shop"};
    };
    endpoints.ready = [this] { return ready.load(); };
    endpoints.first_delivery = [this](const std::string& id) { return deliveries.remember(id); };
    server = std::make_unique<HttpServer>(io, std::move(endpoints), limits,
                                          [this](const std::string&) { ++accept_errors; });
    const auto bound = server->listen("127.0.0.1:0");
    REQUIRE(bound.has_value());
    REQUIRE(bound->starts_with("127.0.0.1:"));
    port = static_cast<unsigned short>(std::stoul(bound->substr(bound->rfind(':') + 1)));
    CHECK(port != 0);
    thread = std::thread([this] { io.run(); });
  }
  ~Server() {
    io.stop();
    thread.join();
  }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Stops accepting, on the io_context's thread (an acceptor is not
  // thread-safe), and waits until it has.
  void stop() {
    std::promise<void> stopped;
    asio::post(io, [&] {
      server->stop();
      stopped.set_value();
    });
    stopped.get_future().wait();
  }

  // A connection to the server; its reads give up after 30 s rather than hang.
  tcp::socket connect(asio::io_context& client) const {
    tcp::socket socket(client);
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    timeval timeout{30, 0};
    ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    return socket;
  }
};

using Response = http::response<http::string_body>;

Response read_response(tcp::socket& socket) {
  boost::beast::flat_buffer buffer;
  Response response;
  http::read(socket, buffer, response);
  return response;
}

// Sends `raw` as it is and reads the one response.
Response send_raw(const Server& server, const std::string& raw) {
  asio::io_context client;
  auto socket = server.connect(client);
  asio::write(socket, asio::buffer(raw));
  return read_response(socket);
}

Response request(const Server& server, http::verb method, const std::string& target,
                 const std::string& body = {}, const std::string& token = {}) {
  asio::io_context client;
  auto socket = server.connect(client);
  http::request<http::string_body> message{method, target, 11};
  message.set(http::field::host, "127.0.0.1");
  if (!token.empty()) {
    message.set("X-Gitlab-Token", token);  // mixed case: header names are compared lower-case
  }
  message.body() = body;
  message.prepare_payload();
  http::write(socket, message);
  return read_response(socket);
}

// Reads what the server sends until it closes the connection.
std::string read_all(tcp::socket& socket) {
  std::string text;
  boost::system::error_code error;
  std::array<char, 4096> chunk{};
  while (!error) {
    const auto size = socket.read_some(asio::buffer(chunk), error);
    text.append(chunk.data(), size);
  }
  return text;
}

}  // namespace

TEST_CASE("the HTTP server answers every endpoint over a socket, one request per connection") {
  Server server;
  server.metrics.count_sync("shop", "succeeded");

  auto health = request(server, http::verb::get, "/healthz");
  CHECK(health.result_int() == 200);
  CHECK(health.body() == "ok\n");
  CHECK(health[http::field::connection] == "close");

  CHECK(request(server, http::verb::get, "/readyz").result_int() == 503);
  server.ready = true;
  CHECK(request(server, http::verb::get, "/readyz?verbose").result_int() == 200);

  auto metrics = request(server, http::verb::get, "/metrics");
  CHECK(metrics.result_int() == 200);
  CHECK(metrics[http::field::content_type] == "text/plain; version=0.0.4; charset=utf-8");
  CHECK(metrics.body().find("kubectl_gitops_syncs_total{app=\"shop\",result=\"succeeded\"} 1\n") !=
        std::string::npos);

  CHECK(request(server, http::verb::get, "/nowhere").result_int() == 404);

  // A hook gets its headers and body as sent.
  const std::string push = R"({"ref":"refs/heads/main"})";
  CHECK(request(server, http::verb::post, "/hooks/gitlab", push, "guess").result_int() == 401);
  CHECK(server.wakes == 0);
  CHECK(request(server, http::verb::post, "/hooks/gitlab", push, "s3cret").result_int() == 202);
  CHECK(server.wakes == 1);

  // The server closes the connection after its one answer.
  asio::io_context client;
  auto socket = server.connect(client);
  asio::write(socket, asio::buffer(std::string("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n")));
  CHECK(read_response(socket).result_int() == 200);
  boost::beast::flat_buffer buffer;
  Response second;
  boost::beast::error_code error;
  http::read(socket, buffer, second, error);
  CHECK(error == http::error::end_of_stream);
}

TEST_CASE("the HTTP server refuses a body over the limit with 413, before reading it") {
  Server server;
  // Only the headers: the answer comes without waiting for the body.
  const auto oversized =
      send_raw(server,
               "POST /hooks/gitlab HTTP/1.1\r\nHost: a\r\nX-Gitlab-Token: s3cret\r\n"
               "Content-Type: application/json\r\nContent-Length: " +
                   std::to_string(k_max_hook_body + 1) + "\r\n\r\n");
  CHECK(oversized.result_int() == 413);
  // A sender that writes all of it (the server may close before the end:
  // that write error is expected) reads the same answer.
  {
    const std::string body(k_max_hook_body + 1, 'x');
    asio::io_context client;
    auto socket = server.connect(client);
    boost::system::error_code ignored;
    asio::write(socket,
                asio::buffer("POST /hooks/gitlab HTTP/1.1\r\nHost: a\r\nX-Gitlab-Token: s3cret\r\n"
                             "Content-Length: " +
                             std::to_string(body.size()) + "\r\n\r\n" + body),
                ignored);
    CHECK(read_response(socket).result_int() == 413);
  }
  CHECK(server.wakes == 0);

  // A body of exactly the limit is read and routed.
  std::string body = R"({"pad":")";
  body += std::string(k_max_hook_body - body.size() - 2, 'x') + "\"}";
  REQUIRE(body.size() == k_max_hook_body);
  CHECK(request(server, http::verb::post, "/hooks/gitlab", body, "s3cret").result_int() == 202);
  CHECK(server.wakes == 1);
}

TEST_CASE("the HTTP server answers 400 to what is not HTTP") {
  Server server;
  CHECK(send_raw(server, "HELLO THERE\r\n\r\n").result_int() == 400);
}

TEST_CASE("stop() stops accepting; a connection already accepted is still answered") {
  Server server;
  asio::io_context client;
  // Half a request: the server has accepted it once a later connection is
  // answered (connections are accepted in the order they arrived).
  auto early = server.connect(client);
  asio::write(early, asio::buffer(std::string("GET /healthz HTTP/1.1\r\n")));
  CHECK(request(server, http::verb::get, "/healthz").result_int() == 200);

  server.stop();
  tcp::socket refused(client);
  boost::system::error_code error;
  refused.connect({asio::ip::make_address("127.0.0.1"), server.port}, error);
  CHECK(error == asio::error::connection_refused);

  asio::write(early, asio::buffer(std::string("Host: a\r\n\r\n")));
  CHECK(read_response(early).result_int() == 200);
}

TEST_CASE("the HTTP server listens on localhost as 127.0.0.1") {
  asio::io_context io;
  HttpServer server(io, HttpEndpoints{});
  const auto bound = server.listen("localhost:0");
  REQUIRE(bound.has_value());
  CHECK(bound->starts_with("127.0.0.1:"));
  CHECK_FALSE(HttpServer(io, HttpEndpoints{}).listen("example.invalid:0").has_value());
}

TEST_CASE("a hook without the header that authenticates it gets 401 before its body is read") {
  Server server;
  // The headers announce a body that never comes: the answer cannot wait for it.
  const auto answer = send_raw(server,
                               "POST /hooks/github HTTP/1.1\r\nHost: a\r\nX-GitHub-Event: push\r\n"
                               "Content-Length: 1000\r\n\r\n");
  CHECK(answer.result_int() == 401);
  CHECK(send_raw(server, "POST /hooks/gitlab HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\n")
            .result_int() == 401);
  CHECK(server.wakes == 0);
}

TEST_CASE("Expect: 100-continue gets 100 Continue once the headers pass, else the final answer") {
  Server server;
  const std::string push = R"({"ref":"refs/heads/main"})";
  const auto headers = [&](const std::string& token) {
    return "POST /hooks/gitlab HTTP/1.1\r\nHost: a\r\nX-Gitlab-Token: " + token +
           "\r\nExpect: 100-continue\r\nContent-Length: " + std::to_string(push.size()) +
           "\r\n\r\n";
  };
  asio::io_context client;
  auto socket = server.connect(client);
  asio::write(socket, asio::buffer(headers("s3cret")));
  std::string interim(25, '\0');
  asio::read(socket, asio::buffer(interim));
  CHECK(interim == "HTTP/1.1 100 Continue\r\n\r\n");
  asio::write(socket, asio::buffer(push));
  CHECK(read_response(socket).result_int() == 202);
  CHECK(server.wakes == 1);

  // Without the header, the final answer comes at once and no body is awaited.
  auto refused = server.connect(client);
  asio::write(refused, asio::buffer(std::string("POST /hooks/gitlab HTTP/1.1\r\nHost: a\r\n"
                                                "Expect: 100-continue\r\nContent-Length: 9"
                                                "\r\n\r\n")));
  const auto text = read_all(refused);
  CHECK(text.starts_with("HTTP/1.1 401 Unauthorized\r\n"));
  CHECK(text.find("100 Continue") == std::string::npos);
  CHECK(server.wakes == 1);
}

TEST_CASE("a replayed delivery id is answered over the socket and wakes nothing") {
  Server server;
  const auto delivery = [&](const std::string& id) {
    return send_raw(server,
                    "POST /hooks/gitlab HTTP/1.1\r\nHost: a\r\nX-Gitlab-Token: s3cret\r\n"
                    "X-Gitlab-Event-UUID: " +
                        id + "\r\nContent-Length: 2\r\n\r\n{}");
  };
  CHECK(delivery("one").result_int() == 202);
  const auto again = delivery("one");
  CHECK(again.result_int() == 200);
  CHECK(again.body() == "duplicate delivery\n");
  CHECK(server.wakes == 1);
}

TEST_CASE("connections beyond the session limit get 503; idle ones are cut off at the timeout") {
  HttpServerLimits limits;
  limits.max_sessions = 2;
  limits.read_timeout = std::chrono::milliseconds(500);
  Server server(limits);
  asio::io_context client;
  auto first = server.connect(client);
  auto second = server.connect(client);
  asio::write(first, asio::buffer(std::string("GET /healthz HTTP/1.1\r\n")));  // and no more
  auto third = server.connect(client);
  const auto refused = read_all(third);
  CHECK(refused.starts_with("HTTP/1.1 503 Service Unavailable\r\n"));
  CHECK(refused.find("too many connections") != std::string::npos);

  // The idle sessions end at their timeout, unanswered, and free their places.
  const auto started = std::chrono::steady_clock::now();
  CHECK(read_all(first).empty());
  CHECK(read_all(second).empty());
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
  CHECK(request(server, http::verb::get, "/healthz").result_int() == 200);
}

TEST_CASE("accept errors (out of descriptors) are retried: the listener answers again") {
  HttpServerLimits limits;
  limits.accept_retry = std::chrono::milliseconds(20);
  Server server(limits);
  // The server's thread waits here while the client connects and the
  // descriptors run out, so that its accept is the one that fails.
  std::promise<void> go;
  asio::post(server.io, [future = go.get_future().share()] { future.wait(); });
  asio::io_context client;
  auto socket = server.connect(client);
  asio::write(socket, asio::buffer(std::string("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n")));
  rlimit saved{};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &saved) == 0);
  const int lowest_free = ::open("/dev/null", O_RDONLY);
  REQUIRE(lowest_free >= 0);
  ::close(lowest_free);
  rlimit exhausted = saved;
  exhausted.rlim_cur = static_cast<rlim_t>(lowest_free);  // every descriptor below is taken
  REQUIRE(::setrlimit(RLIMIT_NOFILE, &exhausted) == 0);
  go.set_value();
  const bool failed = [&] {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (server.accept_errors < 3 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return server.accept_errors >= 3;
  }();
  REQUIRE(::setrlimit(RLIMIT_NOFILE, &saved) == 0);
  CHECK(failed);
  CHECK(read_response(socket).result_int() == 200);
  CHECK(request(server, http::verb::get, "/healthz").result_int() == 200);
}
