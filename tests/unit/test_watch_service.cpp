#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "watch/watch_service.hpp"

using namespace kgitops;

namespace {

// A watch of one app whose git and cluster are never reached: each case
// fails before any worker starts.
WatchOptions one_app(const std::string& listen) {
  WatchOptions options;
  WatchedApp watched;
  watched.app.name = "shop";
  watched.app.source = SourceSpec{"/repos/shop", "main"};
  options.apps.push_back(watched);
  options.cluster.kubeconfig = "/nonexistent/kubeconfig";
  options.cache_dir = "/nonexistent/cache";
  options.listen = listen;
  return options;
}

}  // namespace

TEST_CASE("a watch that cannot listen fails, names the address, and starts no app") {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor taken(
      io, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  const auto address = "127.0.0.1:" + std::to_string(taken.local_endpoint().port());

  std::ostringstream log;
  const auto result = run_watch(one_app(address), log);
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().message.find(address) != std::string::npos);
  // Nothing was logged as listening or watching: no worker ran.
  CHECK(log.str().find("listening") == std::string::npos);
  CHECK(log.str().find("watching") == std::string::npos);
}

TEST_CASE("a watch refuses a --listen address it cannot read") {
  for (const auto* address :
       {"9090", "127.0.0.1:http", "127.0.0.1:70000", "example.invalid:9090"}) {
    CAPTURE(address);
    std::ostringstream log;
    const auto result = run_watch(one_app(address), log);
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().message.find(std::string("'") + address + "'") != std::string::npos);
    CHECK(log.str().empty());
  }
}
