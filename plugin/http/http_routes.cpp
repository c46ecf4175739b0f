#include "http/http_routes.hpp"

#include "core/object.hpp"
#include "core/text.hpp"
#include "http/webhook_auth.hpp"

namespace kgitops {
namespace {

HttpResponse text(int status, std::string body) {
  return HttpResponse{status, "text/plain; charset=utf-8", std::move(body) + "\n"};
}

std::optional<HookSender> sender_of(const std::string& path) {
  if (path == "/hooks/github") {
    return HookSender::github;
  }
  if (path == "/hooks/gitlab") {
    return HookSender::gitlab;
  }
  if (path == "/hooks/generic") {
    return HookSender::generic;
  }
  return std::nullopt;
}

// The delivery's id, as GitHub and GitLab send it; empty when none.
std::string delivery_id(const HttpRequest& request) {
  for (const char* header : {"x-github-delivery", "x-gitlab-event-uuid"}) {
    if (const auto found = request.headers.find(header);
        found != request.headers.end() && !found->second.empty()) {
      return found->second;
    }
  }
  return {};
}

std::optional<HttpResponse> screen_hook(HookSender sender, const HttpRequest& request,
                                        const HttpEndpoints& endpoints) {
  if (request.method != "POST") {
    return text(405, "method not allowed");
  }
  if (!endpoints.webhook_secret) {
    return text(403, "webhooks are disabled: the watch has no --webhook-secret-file");
  }
  if (endpoints.standby && endpoints.standby()) {
    return text(503, "standby: another agent holds the leader election Lease");
  }
  if (!request.headers.contains(std::string(auth_header(sender)))) {
    return text(401, "unauthenticated");
  }
  return std::nullopt;
}

HttpResponse hook(HookSender sender, const HttpRequest& request, const HttpEndpoints& endpoints) {
  if (auto screened = screen_hook(sender, request, endpoints)) {
    return *screened;
  }
  if (request.body.size() > k_max_hook_body) {
    return text(413, "payload too large");
  }
  std::optional<std::string> header;
  if (auto found = request.headers.find(std::string(auth_header(sender)));
      found != request.headers.end()) {
    header = found->second;
  }
  if (!authenticate_hook(sender, *endpoints.webhook_secret, header, request.body)) {
    return text(401, "unauthenticated");
  }
  const auto body = Json::parse(request.body, nullptr, false);
  if (body.is_discarded()) {
    return text(400, "the payload is not JSON");
  }
  const auto payload = read_hook_payload(sender, request.headers, body);
  if (!payload.moves_refs) {
    return text(200, "ignored: a " + payload.event + " event pushes nothing");
  }
  // Only authenticated ids are remembered: no one else can use one up.
  if (const auto id = delivery_id(request);
      !id.empty() && endpoints.first_delivery && !endpoints.first_delivery(id)) {
    return text(200, "duplicate delivery");
  }
  const auto woken = endpoints.wake ? endpoints.wake(payload) : std::vector<std::string>{};
  if (woken.empty()) {
    return text(200, "no watched app follows this repository and ref");
  }
  return text(202, "fetching now: " + join(woken, ", "));
}

}  // namespace

std::optional<HttpResponse> screen_request(const HttpRequest& request,
                                           const HttpEndpoints& endpoints) {
  const auto path = request.target.substr(0, request.target.find('?'));
  if (auto sender = sender_of(path)) {
    return screen_hook(*sender, request, endpoints);
  }
  return std::nullopt;
}

HttpResponse route_request(const HttpRequest& request, const HttpEndpoints& endpoints) {
  const auto path = request.target.substr(0, request.target.find('?'));
  if (auto sender = sender_of(path)) {
    return hook(*sender, request, endpoints);
  }
  if (request.method != "GET" && request.method != "HEAD") {
    return text(405, "method not allowed");
  }
  if (path == "/healthz") {
    return text(200, "ok");
  }
  if (path == "/readyz") {
    if (endpoints.ready && endpoints.ready()) {
      return text(200, "ok");
    }
    return text(503, "not ready: an app has not reconciled yet, or the cluster does not answer");
  }
  if (path == "/metrics" && endpoints.metrics != nullptr) {
    return HttpResponse{200, "text/plain; version=0.0.4; charset=utf-8",
                        endpoints.metrics->render()};
  }
  return text(404, "not found");
}

}  // namespace kgitops
