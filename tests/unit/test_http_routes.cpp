#include <doctest/doctest.h>

#include "watch/http_routes.hpp"
#include "watch/webhook_auth.hpp"

using namespace kgitops;

namespace {

std::string hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string text;
  for (const char c : bytes) {
    const auto value = static_cast<unsigned char>(c);
    text += digits[value >> 4U];
    text += digits[value & 0x0fU];
  }
  return text;
}

struct Fixture {
  Metrics metrics;
  int wakes = 0;
  bool is_ready = false;
  HttpEndpoints endpoints;
  Fixture() {
    endpoints.metrics = &metrics;
    endpoints.webhook_secret = "s3cret";
    endpoints.wake = [this] { ++wakes; };
    endpoints.ready = [this] { return is_ready; };
  }
};

HttpRequest post(const std::string& target, const std::string& body,
                 std::map<std::string, std::string> headers = {}) {
  return HttpRequest{"POST", target, std::move(headers), body};
}

}  // namespace

TEST_CASE("a validly signed GitHub push wakes the loop; forged or missing signatures do not") {
  Fixture fixture;
  const std::string body = R"({"ref":"refs/heads/main"})";
  const auto good = "sha256=" + hex(hmac_sha256("s3cret", body));
  CHECK(
      route_request(post("/hooks/github", body, {{"x-hub-signature-256", good}}), fixture.endpoints)
          .status == 202);
  CHECK(fixture.wakes == 1);
  const auto forged = "sha256=" + hex(hmac_sha256("guess", body));
  CHECK(route_request(post("/hooks/github", body, {{"x-hub-signature-256", forged}}),
                      fixture.endpoints)
            .status == 401);
  CHECK(route_request(post("/hooks/github", body), fixture.endpoints).status == 401);
  // The generic header does not authenticate a GitHub hook.
  CHECK(route_request(post("/hooks/github", body, {{"x-signature-256", good}}), fixture.endpoints)
            .status == 401);
  CHECK(fixture.wakes == 1);
}

TEST_CASE("GitLab and generic hooks, malformed and oversized payloads") {
  Fixture fixture;
  CHECK(
      route_request(post("/hooks/gitlab", "{}", {{"x-gitlab-token", "s3cret"}}), fixture.endpoints)
          .status == 202);
  CHECK(route_request(post("/hooks/gitlab", "{}", {{"x-gitlab-token", "wrong"}}), fixture.endpoints)
            .status == 401);
  const std::string body = "not json";
  const auto signature = "sha256=" + hex(hmac_sha256("s3cret", body));
  CHECK(route_request(post("/hooks/generic", body, {{"x-signature-256", signature}}),
                      fixture.endpoints)
            .status == 400);
  const std::string big(k_max_hook_body + 1, ' ');
  CHECK(route_request(post("/hooks/generic", big, {{"x-signature-256", signature}}),
                      fixture.endpoints)
            .status == 413);
  CHECK(route_request(HttpRequest{"GET", "/hooks/github", {}, ""}, fixture.endpoints).status ==
        405);
  CHECK(fixture.wakes == 1);
}

TEST_CASE("without a secret every hook is refused") {
  Fixture fixture;
  fixture.endpoints.webhook_secret.reset();
  CHECK(route_request(post("/hooks/github", "{}", {{"x-hub-signature-256", "sha256=00"}}),
                      fixture.endpoints)
            .status == 403);
  CHECK(route_request(post("/hooks/gitlab", "{}", {{"x-gitlab-token", ""}}), fixture.endpoints)
            .status == 403);
  CHECK(fixture.wakes == 0);
}

TEST_CASE("health, readiness and metrics") {
  Fixture fixture;
  CHECK(route_request(HttpRequest{"GET", "/healthz", {}, ""}, fixture.endpoints).status == 200);
  CHECK(route_request(HttpRequest{"GET", "/readyz", {}, ""}, fixture.endpoints).status == 503);
  fixture.is_ready = true;
  CHECK(route_request(HttpRequest{"GET", "/readyz", {}, ""}, fixture.endpoints).status == 200);
  fixture.metrics.count_sync("web", "succeeded");
  const auto metrics = route_request(HttpRequest{"GET", "/metrics", {}, ""}, fixture.endpoints);
  CHECK(metrics.status == 200);
  CHECK(metrics.content_type.find("version=0.0.4") != std::string::npos);
  CHECK(metrics.body.find("kubectl_gitops_syncs_total{app=\"web\",result=\"succeeded\"} 1") !=
        std::string::npos);
  CHECK(route_request(HttpRequest{"GET", "/nothing", {}, ""}, fixture.endpoints).status == 404);
}
