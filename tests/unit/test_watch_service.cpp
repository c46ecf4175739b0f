#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include "eventually.hpp"
#include "fake_cluster.hpp"
#include "fake_git_source.hpp"
#include "hex.hpp"
#include "http/webhook_auth.hpp"
#include "watch/watch_service.hpp"
#include "watch_fakes.hpp"

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
  const auto options = one_app(address);
  const auto result = run_watch(options, real_watch_dependencies(options), log);
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
    const auto options = one_app(address);
    const auto result = run_watch(options, real_watch_dependencies(options), log);
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().message.find(std::string("'") + address + "'") != std::string::npos);
    CHECK(log.str().empty());
  }
}

namespace {

using kgitops::testing::CountingGit;
using kgitops::testing::hex;
using kgitops::testing::watched_app;

// An HTTP/1.1 POST to `address` ("127.0.0.1:port"); the whole response.
std::string http_post(const std::string& address, const std::string& target,
                      const std::map<std::string, std::string>& headers, const std::string& body) {
  namespace asio = boost::asio;
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  const auto colon = address.rfind(':');
  socket.connect({asio::ip::make_address(address.substr(0, colon)),
                  static_cast<unsigned short>(std::stoi(address.substr(colon + 1)))});
  std::string request = "POST " + target + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n" +
                        "Content-Length: " + std::to_string(body.size()) + "\r\n";
  for (const auto& [name, value] : headers) {
    request += name + ": " + value + "\r\n";
  }
  request += "\r\n" + body;
  asio::write(socket, asio::buffer(request));
  std::string response;
  boost::system::error_code error;
  asio::read(socket, asio::dynamic_buffer(response), error);  // to the server's close
  return response;
}

using kgitops::testing::eventually;

}  // namespace

TEST_CASE("a signed push wakes only the app of the pushed repository and branch") {
  const std::string shop_repo = "https://github.com/org/shop.git";
  const std::string blog_repo = "https://github.com/org/blog.git";
  WatchOptions options;
  options.apps = {watched_app("shop", shop_repo), watched_app("blog", blog_repo)};
  options.listen = "127.0.0.1:0";
  options.webhook_secret = "s3cret";
  options.probe_interval = std::chrono::hours(1);

  kgitops::testing::SharedFakeCluster cluster;
  CountingGit git;
  std::mutex mutex;
  std::string address;
  std::function<void()> stop;
  WatchDependencies dependencies;
  dependencies.worker = [&](const ClusterOptions&) {
    return kgitops::testing::quiet_worker(cluster, git);
  };
  dependencies.probe = [] { return Result<void>{}; };
  dependencies.on_listening = [&](const std::string& bound, std::function<void()> stopper) {
    std::lock_guard lock(mutex);
    address = bound;
    stop = std::move(stopper);
  };

  std::ostringstream log;
  Result<void> result;
  std::thread watch([&] { result = run_watch(options, dependencies, log); });
  REQUIRE(eventually([&] { return git.fetches(shop_repo) == 1 && git.fetches(blog_repo) == 1; }));

  const std::string body =
      R"({"ref":"refs/heads/main","repository":{"clone_url":")" + shop_repo + R"("}})";
  std::string bound;
  {
    std::lock_guard lock(mutex);
    bound = address;
  }
  const auto response =
      http_post(bound, "/hooks/github",
                {{"X-Hub-Signature-256", "sha256=" + hex(hmac_sha256("s3cret", body))},
                 {"X-GitHub-Event", "push"},
                 {"X-GitHub-Delivery", "delivery-1"}},
                body);
  CHECK(response.starts_with("HTTP/1.1 202"));
  CHECK(response.ends_with("fetching now: shop\n"));
  CHECK(eventually([&] { return git.fetches(shop_repo) == 2; }));
  // Another branch of the same repository wakes nothing.
  const std::string other_branch =
      R"({"ref":"refs/heads/dev","repository":{"clone_url":")" + shop_repo + R"("}})";
  const auto ignored =
      http_post(bound, "/hooks/github",
                {{"X-Hub-Signature-256", "sha256=" + hex(hmac_sha256("s3cret", other_branch))},
                 {"X-GitHub-Event", "push"},
                 {"X-GitHub-Delivery", "delivery-2"}},
                other_branch);
  CHECK(ignored.find("no watched app") != std::string::npos);

  {
    std::lock_guard lock(mutex);
    stop();
  }
  watch.join();
  CHECK(result.has_value());
  CHECK(git.fetches(shop_repo) == 2);
  CHECK(git.fetches(blog_repo) == 1);
}
