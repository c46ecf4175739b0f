#include <doctest/doctest.h>

#include <atomic>
#include <csignal>
#include <thread>

#include "cluster/http_client.hpp"
#include "cluster/kubectl_proxy.hpp"
#include "fake_api_proxy.hpp"

using namespace kgitops;
using kgitops::testing::FakeApiProxy;

namespace {

// A client of a fake proxy serving `fake`'s routes, retrying fast.
struct Served {
  explicit Served(FakeApiProxy& fake)
      : options([&] {
          ClusterOptions o;
          o.kubectl = fake.program();
          return o;
        }()),
        proxy(options),
        client([this](bool suspect) { return proxy.socket(suspect); },
               HttpRetry{4, std::chrono::milliseconds(10), std::chrono::milliseconds(40)}) {}
  ClusterOptions options;
  KubectlProxy proxy;
  HttpClient client;
};

}  // namespace

TEST_CASE("retryable_status: 429 and the server's passing troubles") {
  for (long status : {429L, 500L, 502L, 503L, 504L}) {
    CHECK(retryable_status(status));
  }
  for (long status : {200L, 201L, 400L, 401L, 403L, 404L, 409L, 410L, 422L}) {
    CHECK_FALSE(retryable_status(status));
  }
}

TEST_CASE("a request answered 503 then 200 is retried to its answer") {
  FakeApiProxy fake;
  fake.route("GET /version", {{503, R"({"message":"busy"})"}, {200, R"({"gitVersion":"v1"})"}});
  Served served(fake);
  auto response = served.client.send({"GET", "/version"});
  REQUIRE(response);
  CHECK(response->status == 200);
  CHECK(response->body == R"({"gitVersion":"v1"})");
  CHECK(fake.requests().size() == 2);
  CHECK(served.client.requests() == 2);
}

TEST_CASE("an answer that is final (404, 409) is returned at once, and the body is sent") {
  FakeApiProxy fake;
  fake.route("PATCH /api/v1/namespaces/a/configmaps/b", {{409, R"({"message":"conflict"})"}});
  Served served(fake);
  auto response = served.client.send({"PATCH", "/api/v1/namespaces/a/configmaps/b?force=true",
                                      R"({"kind":"ConfigMap"})", "application/apply-patch+yaml"});
  REQUIRE(response);
  CHECK(response->status == 409);
  const auto requests = fake.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0]["path"] == "/api/v1/namespaces/a/configmaps/b?force=true");
  CHECK(requests[0]["body"] == R"({"kind":"ConfigMap"})");
  CHECK(requests[0]["headers"]["Content-Type"] == "application/apply-patch+yaml");
}

TEST_CASE("a request past its deadline fails and says so") {
  FakeApiProxy fake;
  fake.route("GET /slow", {{200, "{}", 5.0}});
  Served served(fake);
  auto response = served.client.send(
      {"GET", "/slow", {}, {}, "application/json", std::chrono::milliseconds(300)});
  REQUIRE_FALSE(response);
  CHECK(response.error().message.find("timed out") != std::string::npos);
}

TEST_CASE("a retry that times out gives back the answer it retried, which says why") {
  FakeApiProxy fake;
  fake.route("GET /readyz", {{500, "[-]etcd failed: reason withheld"}, {200, "ok", 5.0}});
  Served served(fake);
  auto response =
      served.client.send({"GET", "/readyz", {}, {}, "text/plain", std::chrono::milliseconds(500)});
  REQUIRE(response);
  CHECK(response->status == 500);
  CHECK(response->body == "[-]etcd failed: reason withheld");
}

TEST_CASE("a request keeps answering after the proxy dies: it is started again") {
  FakeApiProxy fake;
  fake.route("GET /version", {{200, "{}"}});
  Served served(fake);
  REQUIRE(served.client.send({"GET", "/version"}));
  ::kill(served.proxy.pid(), SIGKILL);
  auto response =
      served.client.send({"GET", "/version", {}, {}, "application/json", std::chrono::seconds(20)});
  REQUIRE(response);
  CHECK(response->status == 200);
  CHECK(served.proxy.starts() == 2);
}

TEST_CASE("a stream delivers its body as it comes and ends with the server") {
  FakeApiProxy fake;
  FakeApiProxy::Answer answer{200, "{\"a\":1}\n{\"b\":2}\n"};
  answer.stream = true;
  fake.route("GET /watch", {answer});
  Served served(fake);
  std::string received;
  std::atomic<bool> stop{false};
  auto status = served.client.stream(
      "/watch",
      [&](std::string_view chunk) {
        received.append(chunk);
        return true;
      },
      std::chrono::seconds(30), stop);
  REQUIRE(status);
  CHECK(*status == 200);
  CHECK(received == "{\"a\":1}\n{\"b\":2}\n");
}

TEST_CASE("a stream ends when told to stop, and an error answer is an error") {
  FakeApiProxy fake;
  FakeApiProxy::Answer held{200, "{\"a\":1}\n"};
  held.stream = true;
  held.hold_seconds = 60;
  fake.route("GET /watch", {held});
  fake.route("GET /forbidden", {{403, R"({"message":"configmaps is forbidden"})"}});
  Served served(fake);
  std::atomic<bool> stop{false};
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    stop = true;
  });
  auto status = served.client.stream(
      "/watch", [](std::string_view) { return true; }, std::chrono::seconds(120), stop);
  stopper.join();
  CHECK(status.has_value());  // ended on purpose, long before the server would
  std::atomic<bool> never{false};
  auto refused = served.client.stream(
      "/forbidden", [](std::string_view) { return true; }, std::chrono::seconds(5), never);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message.find("403") != std::string::npos);
  CHECK(refused.error().message.find("forbidden") != std::string::npos);
}
