#include <doctest/doctest.h>

#include "hex.hpp"
#include "http/http_routes.hpp"
#include "http/recent_deliveries.hpp"
#include "http/webhook_auth.hpp"

using namespace kgitops;

namespace {

using kgitops::testing::hex;

struct Fixture {
  Metrics metrics;
  int wakes = 0;
  HookPayload last_payload;
  std::vector<std::string> apps_concerned{"shop"};
  bool is_ready = false;
  HttpEndpoints endpoints;
  Fixture() {
    endpoints.metrics = &metrics;
    endpoints.webhook_secret = "s3cret";
    endpoints.wake = [this](const HookPayload& payload) {
      ++wakes;
      last_payload = payload;
      return apps_concerned;
    };
    endpoints.ready = [this] { return is_ready; };
  }
};

HttpRequest post(const std::string& target, const std::string& body,
                 std::map<std::string, std::string> headers = {}) {
  return HttpRequest{"POST", target, std::move(headers), body};
}

// A GitHub hook of `event` whose body is signed with the fixture's secret.
HttpRequest signed_github(const std::string& body, const std::string& event) {
  return post("/hooks/github", body,
              {{"x-hub-signature-256", "sha256=" + hex(hmac_sha256("s3cret", body))},
               {"x-github-event", event}});
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

TEST_CASE("a push hook names the apps it wakes, and says so when it concerns none") {
  Fixture fixture;
  const std::string body =
      R"({"ref":"refs/heads/main","repository":{"clone_url":"https://github.com/org/shop.git"}})";
  auto response = route_request(signed_github(body, "push"), fixture.endpoints);
  CHECK(response.status == 202);
  CHECK(response.body == "fetching now: shop\n");
  CHECK(fixture.last_payload.repositories == std::vector<std::string>{"github.com/org/shop"});
  CHECK(fixture.last_payload.ref == "refs/heads/main");

  fixture.apps_concerned.clear();
  response = route_request(signed_github(body, "push"), fixture.endpoints);
  CHECK(response.status == 200);
  CHECK(response.body == "no watched app follows this repository and ref\n");
  CHECK(fixture.wakes == 2);
}

TEST_CASE("GitHub's ping and GitLab's merge request events wake nothing") {
  Fixture fixture;
  const std::string body = R"({"zen":"Keep it logically awesome.","hook_id":1})";
  auto response = route_request(signed_github(body, "ping"), fixture.endpoints);
  CHECK(response.status == 200);
  CHECK(response.body == "ignored: a ping event pushes nothing\n");
  response =
      route_request(post("/hooks/gitlab", "{}",
                         {{"x-gitlab-token", "s3cret"}, {"x-gitlab-event", "Merge Request Hook"}}),
                    fixture.endpoints);
  CHECK(response.status == 200);
  // Still authenticated first: a forged ping is refused like any hook.
  CHECK(route_request(post("/hooks/github", body,
                           {{"x-hub-signature-256", "sha256=00"}, {"x-github-event", "ping"}}),
                      fixture.endpoints)
            .status == 401);
  CHECK(fixture.wakes == 0);
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

TEST_CASE("screen_request answers a hook from its headers alone; other requests pass") {
  Fixture fixture;
  const auto screened = [&](HttpRequest request) {
    request.body.clear();  // what the server has before it reads the body
    const auto answer = screen_request(request, fixture.endpoints);
    return answer ? answer->status : 0;
  };
  CHECK(screened(post("/hooks/github", "{}")) == 401);
  CHECK(screened(post("/hooks/gitlab", "{}", {{"x-hub-signature-256", "sha256=00"}})) == 401);
  CHECK(screened(post("/hooks/generic?x=1", "{}")) == 401);
  CHECK(screened(HttpRequest{"GET", "/hooks/gitlab", {}, ""}) == 405);
  // A header that is there goes on to be checked against the body.
  CHECK(screened(post("/hooks/gitlab", "{}", {{"x-gitlab-token", "wrong"}})) == 0);
  CHECK(screened(signed_github("{}", "push")) == 0);
  CHECK(screened(HttpRequest{"GET", "/healthz", {}, ""}) == 0);
  CHECK(screened(post("/metrics", "{}")) == 0);
  fixture.endpoints.webhook_secret.reset();
  CHECK(screened(post("/hooks/gitlab", "{}", {{"x-gitlab-token", "s3cret"}})) == 403);
}

TEST_CASE("a replayed delivery is answered and wakes nothing; only authenticated ids count") {
  Fixture fixture;
  RecentDeliveries recent(16);
  fixture.endpoints.first_delivery = [&](const std::string& id) { return recent.remember(id); };
  const auto gitlab = [&](const std::string& token, const std::string& uuid) {
    return route_request(
        post("/hooks/gitlab", "{}", {{"x-gitlab-token", token}, {"x-gitlab-event-uuid", uuid}}),
        fixture.endpoints);
  };
  CHECK(gitlab("wrong", "u-1").status == 401);
  CHECK(gitlab("s3cret", "u-1").status == 202);
  const auto replayed = gitlab("s3cret", "u-1");
  CHECK(replayed.status == 200);
  CHECK(replayed.body == "duplicate delivery\n");
  CHECK(gitlab("s3cret", "u-2").status == 202);
  CHECK(fixture.wakes == 2);

  auto github = signed_github("{}", "push");
  github.headers["x-github-delivery"] = "d-1";
  CHECK(route_request(github, fixture.endpoints).status == 202);
  CHECK(route_request(github, fixture.endpoints).status == 200);
  CHECK(fixture.wakes == 3);
  // Without an id, nothing is taken for a replay.
  CHECK(route_request(signed_github("{}", "push"), fixture.endpoints).status == 202);
  CHECK(route_request(signed_github("{}", "push"), fixture.endpoints).status == 202);
  CHECK(fixture.wakes == 5);
}

TEST_CASE("a standby answers hooks 503 and wakes nothing") {
  Fixture fixture;
  bool standby = true;
  fixture.endpoints.standby = [&] { return standby; };
  const auto push = post("/hooks/gitlab", "{}", {{"x-gitlab-token", "s3cret"}});
  const auto answer = route_request(push, fixture.endpoints);
  CHECK(answer.status == 503);
  CHECK(answer.body == "standby: another agent holds the leader election Lease\n");
  CHECK(fixture.wakes == 0);
  CHECK(route_request(HttpRequest{"GET", "/healthz", {}, ""}, fixture.endpoints).status == 200);
  standby = false;
  CHECK(route_request(push, fixture.endpoints).status == 202);
  CHECK(fixture.wakes == 1);
}
