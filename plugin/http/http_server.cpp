#include "http/http_server.hpp"

#include <chrono>

#include <boost/asio/ip/address.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "core/text.hpp"

namespace kgitops {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

HttpResponse plain(int status, const char* body) {
  return HttpResponse{status, "text/plain; charset=utf-8", body};
}

// One connection: read one request's headers, screen them, read its body,
// answer it, close.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<HttpServer::Shared> shared)
      : m_stream(std::move(socket)), m_shared(std::move(shared)) {
    ++m_shared->sessions;
  }
  ~Session() { --m_shared->sessions; }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start() {
    if (m_shared->sessions > m_shared->limits.max_sessions) {
      respond(plain(503, "too many connections\n"), 11);
      return;
    }
    m_parser.body_limit(k_max_hook_body);
    m_stream.expires_after(m_shared->limits.read_timeout);
    http::async_read_header(m_stream, m_buffer, m_parser,
                            [self = shared_from_this()](beast::error_code error, std::size_t) {
                              self->on_header(error);
                            });
  }

 private:
  void on_header(beast::error_code error) {
    if (error) {
      failed_read(error);
      return;
    }
    const auto& message = m_parser.get();
    m_request.method = std::string(message.method_string());
    m_request.target = std::string(message.target());
    for (const auto& field : message) {
      m_request.headers[lower(std::string(field.name_string()))] = std::string(field.value());
    }
    if (const auto length = m_parser.content_length(); length && *length > k_max_hook_body) {
      respond(plain(413, "payload too large\n"), message.version());
      return;
    }
    if (auto answer = guarded([&] { return screen_request(m_request, *m_shared->endpoints); })) {
      respond(*answer, message.version());
      return;
    }
    if (beast::iequals(message[http::field::expect], "100-continue")) {
      m_continue = std::make_unique<http::response<http::empty_body>>(http::status::continue_,
                                                                      message.version());
      http::async_write(m_stream, *m_continue,
                        [self = shared_from_this()](beast::error_code written, std::size_t) {
                          if (!written) {
                            self->read_body();
                          }
                        });
      return;
    }
    read_body();
  }

  void read_body() {
    http::async_read(m_stream, m_buffer, m_parser,
                     [self = shared_from_this()](beast::error_code error, std::size_t) {
                       self->on_read(error);
                     });
  }

  void on_read(beast::error_code error) {
    if (error) {
      failed_read(error);
      return;
    }
    m_request.body = m_parser.get().body();
    auto answer =
        guarded([&] { return std::optional(route_request(m_request, *m_shared->endpoints)); });
    respond(answer.value_or(plain(500, "internal error\n")), m_parser.get().version());
  }

  void failed_read(beast::error_code error) {
    if (error == http::error::body_limit) {
      respond(plain(413, "payload too large\n"), 11);
    } else if (error != http::error::end_of_stream && error != beast::error::timeout) {
      respond(plain(400, "bad request\n"), 11);
    }
    // Timed out or closed by the client: nothing to answer, the socket goes.
  }

  // What `route` answers; a 500 when it throws, so no exception reaches the
  // io_context that every connection shares.
  template <typename Route>
  std::optional<HttpResponse> guarded(Route route) {
    try {
      return route();
    } catch (const std::exception&) {
      return plain(500, "internal error\n");
    }
  }

  void respond(const HttpResponse& answer, unsigned version) {
    m_response.version(version);
    m_response.result(static_cast<unsigned>(answer.status));
    m_response.set(http::field::content_type, answer.content_type);
    m_response.set(http::field::connection, "close");
    m_response.body() = answer.body;
    m_response.prepare_payload();
    m_stream.expires_after(m_shared->limits.read_timeout);
    http::async_write(m_stream, m_response,
                      [self = shared_from_this()](beast::error_code, std::size_t) {
                        beast::error_code ignored;
                        self->m_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
                      });
  }

  beast::tcp_stream m_stream;
  std::shared_ptr<HttpServer::Shared> m_shared;
  beast::flat_buffer m_buffer;
  http::request_parser<http::string_body> m_parser;
  HttpRequest m_request;
  std::unique_ptr<http::response<http::empty_body>> m_continue;
  http::response<http::string_body> m_response;
};

}  // namespace

HttpServer::HttpServer(boost::asio::io_context& io, HttpEndpoints endpoints,
                       HttpServerLimits limits, ErrorLog log)
    : m_io(io),
      m_shared(std::make_shared<Shared>(
          Shared{std::make_shared<const HttpEndpoints>(std::move(endpoints)), limits, 0})),
      m_log(std::move(log)),
      m_acceptor(io),
      m_retry(io) {}

Result<std::string> HttpServer::listen(const std::string& address) {
  const auto colon = address.rfind(':');
  if (colon == std::string::npos) {
    return fail("invalid --listen address '", address, "': expected host:port");
  }
  auto host = address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host == "localhost") {
    host = "127.0.0.1";  // the one name worth knowing without a resolver
  }
  const auto port_text = address.substr(colon + 1);
  unsigned long port = 0;
  try {
    port = std::stoul(port_text);
  } catch (const std::exception&) {
    return fail("invalid port in --listen address '", address, "'");
  }
  if (port > 65535) {
    return fail("invalid port in --listen address '", address, "'");
  }
  beast::error_code error;
  const auto ip = boost::asio::ip::make_address(host.empty() ? "0.0.0.0" : host, error);
  if (error) {
    return fail("invalid host in --listen address '", address, "': ", error.message());
  }
  const tcp::endpoint endpoint(ip, static_cast<unsigned short>(port));
  m_acceptor.open(endpoint.protocol(), error);
  if (!error) {
    m_acceptor.set_option(boost::asio::socket_base::reuse_address(true), error);
  }
  if (!error) {
    m_acceptor.bind(endpoint, error);
  }
  if (!error) {
    m_acceptor.listen(boost::asio::socket_base::max_listen_connections, error);
  }
  if (error) {
    return fail("cannot listen on ", address, ": ", error.message());
  }
  accept();
  const auto bound = m_acceptor.local_endpoint();
  const auto bound_host = bound.address().is_v6() ? "[" + bound.address().to_string() + "]"
                                                  : bound.address().to_string();
  return bound_host + ":" + std::to_string(bound.port());
}

void HttpServer::stop() {
  beast::error_code ignored;
  m_acceptor.close(ignored);
  m_retry.cancel();
}

void HttpServer::accept() {
  m_acceptor.async_accept(m_io, [this](beast::error_code error, tcp::socket socket) {
    if (!m_acceptor.is_open()) {
      return;  // closed by stop()
    }
    if (error) {
      // Out of descriptors or buffers: the connection waits in the backlog
      // until one is freed. Listening stops only with stop().
      if (m_log) {
        m_log("cannot accept a connection, retrying: " + error.message());
      }
      m_retry.expires_after(m_shared->limits.accept_retry);
      m_retry.async_wait([this](beast::error_code waited) {
        if (!waited && m_acceptor.is_open()) {
          accept();
        }
      });
      return;
    }
    std::make_shared<Session>(std::move(socket), m_shared)->start();
    accept();
  });
}

}  // namespace kgitops
