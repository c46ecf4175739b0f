#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/error.hpp"
#include "http/http_routes.hpp"

namespace kgitops {

// What a listener that runs for months holds on to.
struct HttpServerLimits {
  std::size_t max_sessions = 64;  // connections beyond this get 503 and are closed
  // From a connection's accept to its request read (and again for its answer
  // to be written): a slow client cannot hold a session longer.
  std::chrono::milliseconds read_timeout{10'000};
  // After an accept error (EMFILE, ENFILE, ENOBUFS), the next accept waits this long.
  std::chrono::milliseconds accept_retry{100};
};

// A small HTTP/1.1 server (Boost.Beast) on the caller's io_context: one
// request per connection. A request's headers are screened before its body is
// read (screen_request), `Expect: 100-continue` is answered once they pass,
// bodies are limited to k_max_hook_body (413 above). What it answers is
// route_request's; an exception there is a 500, never the io_context's.
class HttpServer {
 public:
  using ErrorLog = std::function<void(const std::string& message)>;

  HttpServer(boost::asio::io_context& io, HttpEndpoints endpoints, HttpServerLimits limits = {},
             ErrorLog log = {});

  // Binds `address` ("127.0.0.1:9090", port 0 = any free one) and starts
  // accepting; returns the address actually bound.
  Result<std::string> listen(const std::string& address);
  // Stops accepting; connections in progress end on their own.
  void stop();

  // What the sessions share: their count and the endpoints.
  struct Shared {
    std::shared_ptr<const HttpEndpoints> endpoints;
    HttpServerLimits limits;
    std::size_t sessions = 0;  // only touched on the io_context's thread
  };

 private:
  void accept();

  boost::asio::io_context& m_io;
  std::shared_ptr<Shared> m_shared;
  ErrorLog m_log;
  boost::asio::ip::tcp::acceptor m_acceptor;
  boost::asio::steady_timer m_retry;
};

}  // namespace kgitops
