#pragma once

#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "core/error.hpp"
#include "watch/http_routes.hpp"

namespace kgitops {

// A small HTTP/1.1 server (Boost.Beast) on the caller's io_context: one
// request per connection, bodies limited to k_max_hook_body (413 above),
// slow clients cut off after a timeout. What it answers is route_request's.
class HttpServer {
 public:
  HttpServer(boost::asio::io_context& io, HttpEndpoints endpoints);

  // Binds `address` ("127.0.0.1:9090", port 0 = any free one) and starts
  // accepting; returns the address actually bound.
  Result<std::string> listen(const std::string& address);
  // Stops accepting; connections in progress end on their own.
  void stop();

 private:
  void accept();

  boost::asio::io_context& m_io;
  std::shared_ptr<const HttpEndpoints> m_endpoints;
  boost::asio::ip::tcp::acceptor m_acceptor;
};

}  // namespace kgitops
