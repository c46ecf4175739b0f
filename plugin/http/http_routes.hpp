#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "http/hook_payload.hpp"
#include "http/metrics.hpp"

namespace kgitops {

// Bodies above this are refused (413) before they are read in full.
inline constexpr std::size_t k_max_hook_body = 1024 * 1024;

struct HttpRequest {
  std::string method;
  std::string target;                          // path and query
  std::map<std::string, std::string> headers;  // names lower-case
  std::string body;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

// What the endpoints answer from: the HTTP server knows nothing else.
struct HttpEndpoints {
  const Metrics* metrics = nullptr;
  std::optional<std::string> webhook_secret;  // nullopt: the hooks are disabled
  // A valid push: the apps it concerns fetch now; returns their names.
  std::function<std::vector<std::string>(const HookPayload&)> wake;
  std::function<bool()> ready;  // every app reconciled once and the cluster answers
  // Whether an authenticated delivery id (X-GitHub-Delivery,
  // X-Gitlab-Event-UUID) is new; a replay is answered and wakes nothing.
  std::function<bool(const std::string& id)> first_delivery;
  // Under leader election, while another agent holds the Lease: hooks get 503.
  std::function<bool()> standby;
};

// The answer a request gets from its headers alone, before its body is read:
// a hook that is disabled, sent with the wrong method or without the header
// that authenticates it. nullopt: read the body and route it.
std::optional<HttpResponse> screen_request(const HttpRequest& request,
                                           const HttpEndpoints& endpoints);

// Answers one request: /healthz, /readyz, /metrics and POST /hooks/{github,
// gitlab,generic}. A hook only wakes the reconcile loops of the apps whose
// repository and revision it names, never carries content: what is applied
// always comes from git itself.
HttpResponse route_request(const HttpRequest& request, const HttpEndpoints& endpoints);

}  // namespace kgitops
