#include "watch/http_server.hpp"

#include <chrono>

#include <boost/asio/ip/address.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace kgitops {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

constexpr std::chrono::seconds k_timeout{10};

// One connection: read one request, answer it, close.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<const HttpEndpoints> endpoints)
      : m_stream(std::move(socket)), m_endpoints(std::move(endpoints)) {}

  void start() {
    m_parser.body_limit(k_max_hook_body);
    m_stream.expires_after(k_timeout);
    http::async_read(m_stream, m_buffer, m_parser,
                     [self = shared_from_this()](beast::error_code error, std::size_t) {
                       self->on_read(error);
                     });
  }

 private:
  void on_read(beast::error_code error) {
    if (error == http::error::body_limit) {
      respond(HttpResponse{413, "text/plain; charset=utf-8", "payload too large\n"}, 11);
      return;
    }
    if (error) {
      if (error != http::error::end_of_stream) {
        respond(HttpResponse{400, "text/plain; charset=utf-8", "bad request\n"}, 11);
      }
      return;
    }
    const auto& message = m_parser.get();
    HttpRequest request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    for (const auto& field : message) {
      std::string name(field.name_string());
      for (auto& c : name) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      request.headers[name] = std::string(field.value());
    }
    request.body = message.body();
    respond(route_request(request, *m_endpoints), message.version());
  }

  void respond(const HttpResponse& answer, unsigned version) {
    m_response.version(version);
    m_response.result(static_cast<unsigned>(answer.status));
    m_response.set(http::field::content_type, answer.content_type);
    m_response.set(http::field::connection, "close");
    m_response.body() = answer.body;
    m_response.prepare_payload();
    m_stream.expires_after(k_timeout);
    http::async_write(m_stream, m_response,
                      [self = shared_from_this()](beast::error_code, std::size_t) {
                        beast::error_code ignored;
                        self->m_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
                      });
  }

  beast::tcp_stream m_stream;
  std::shared_ptr<const HttpEndpoints> m_endpoints;
  beast::flat_buffer m_buffer;
  http::request_parser<http::string_body> m_parser;
  http::response<http::string_body> m_response;
};

}  // namespace

HttpServer::HttpServer(boost::asio::io_context& io, HttpEndpoints endpoints)
    : m_io(io),
      m_endpoints(std::make_shared<const HttpEndpoints>(std::move(endpoints))),
      m_acceptor(io) {}

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
}

void HttpServer::accept() {
  m_acceptor.async_accept(m_io, [this](beast::error_code error, tcp::socket socket) {
    if (error) {
      return;  // closed by stop()
    }
    std::make_shared<Session>(std::move(socket), m_endpoints)->start();
    accept();
  });
}

}  // namespace kgitops
