// Webhooks: the signature or token check, and the payload of a request that
// passed it, through the watch's own routing. The input gives the sender,
// the secret, a claimed signature, the event header and the body.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include <fuzzer/FuzzedDataProvider.h>

#include "fuzz_check.hpp"
#include "git/url.hpp"
#include "http/hook_payload.hpp"
#include "http/http_routes.hpp"
#include "http/webhook_auth.hpp"

using namespace kgitops;

namespace {

std::string hex(std::string_view bytes, bool upper_case) {
  const char* digits = upper_case ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  for (const char byte : bytes) {
    const auto c = static_cast<unsigned char>(byte);
    out += digits[c >> 4];
    out += digits[c & 0x0f];
  }
  return out;
}

// What the sender sends to prove it knows `secret`.
std::string proof(HookSender sender, const std::string& secret, const std::string& body,
                  bool upper_case) {
  if (sender == HookSender::gitlab) {
    return secret;
  }
  return "sha256=" + hex(hmac_sha256(secret, body), upper_case);
}

std::string lower(std::string text) {
  for (auto& c : text) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return text;
}

void check_authentication(HookSender sender, const std::string& secret, const std::string& claimed,
                          const std::string& body) {
  const bool accepted = authenticate_hook(sender, secret, claimed, body);
  FUZZ_CHECK(!authenticate_hook(sender, secret, std::nullopt, body));
  if (secret.empty()) {
    FUZZ_CHECK(!accepted);
    return;
  }
  // Only the proof itself is accepted (its hex in either case).
  const auto expected = proof(sender, secret, body, false);
  FUZZ_CHECK(accepted ==
             (sender == HookSender::gitlab ? claimed == expected : lower(claimed) == expected));
  FUZZ_CHECK(authenticate_hook(sender, secret, expected, body));
  FUZZ_CHECK(authenticate_hook(sender, secret, proof(sender, secret, body, true), body));
  if (sender != HookSender::gitlab) {
    FUZZ_CHECK(!authenticate_hook(sender, secret, expected, body + " "));
    FUZZ_CHECK(!authenticate_hook(sender, secret + " ", expected, body));
  }
}

// A repository identity a source can be written as, when it is a plain one.
bool is_plain_identity(const std::string& identity) {
  if (identity.empty() || identity.front() == '/' || identity.find('/') == std::string::npos) {
    return false;
  }
  for (const char c : identity) {
    const bool letter = c >= 'a' && c <= 'z';
    const bool digit = c >= '0' && c <= '9';
    if (!letter && !digit && c != '.' && c != '-' && c != '/') {
      return false;
    }
  }
  return !identity.ends_with(".git") && !identity.ends_with("/") &&
         identity.find("//") == std::string::npos;
}

void check_payload(HookSender sender, const std::map<std::string, std::string>& headers,
                   const Json& body) {
  const auto payload = read_hook_payload(sender, headers, body);
  FUZZ_CHECK(payload.moves_refs || !payload.event.empty());
  for (const auto& identity : payload.repositories) {
    // The identity of what the payload names is the identity of its address.
    if (!is_plain_identity(identity)) {
      continue;
    }
    const SourceSpec source{"https://" + identity, ""};
    FUZZ_CHECK(repository_identity(source.repo) == identity);
    FUZZ_CHECK(hook_concerns(payload, source) == payload.moves_refs);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  static constexpr HookSender k_senders[] = {HookSender::github, HookSender::gitlab,
                                             HookSender::generic};
  static constexpr const char* k_paths[] = {"/hooks/github", "/hooks/gitlab", "/hooks/generic"};
  const auto which = input.ConsumeIntegralInRange<std::size_t>(0, 2);
  const auto sender = k_senders[which];
  const auto secret = input.ConsumeRandomLengthString(64);
  const auto claimed = input.ConsumeRandomLengthString(80);
  const auto event = input.ConsumeRandomLengthString(32);
  const auto body = input.ConsumeRemainingBytesAsString();

  check_authentication(sender, secret, claimed, body);

  // A request signed with the watch's secret reaches the payload.
  const std::string watch_secret = "fuzz-secret";
  HttpEndpoints endpoints;
  endpoints.webhook_secret = watch_secret;
  bool woken = false;
  endpoints.wake = [&](const HookPayload& payload) {
    woken = true;
    FUZZ_CHECK(payload.moves_refs);
    return std::vector<std::string>{};
  };
  HttpRequest request{"POST", k_paths[which], {}, body};
  request.headers[std::string(auth_header(sender))] = proof(sender, watch_secret, body, false);
  request.headers[sender == HookSender::gitlab ? "x-gitlab-event" : "x-github-event"] = event;
  const auto response = route_request(request, endpoints);
  const auto parsed = Json::parse(body, nullptr, false);
  FUZZ_CHECK(response.status == (parsed.is_discarded() ? 400 : 200));
  if (!parsed.is_discarded()) {
    check_payload(sender, request.headers, parsed);
  } else {
    FUZZ_CHECK(!woken);
  }

  // Without the proof, nothing is read.
  request.headers[std::string(auth_header(sender))] = claimed;
  woken = false;
  const bool forged = authenticate_hook(sender, watch_secret, claimed, body);
  FUZZ_CHECK(route_request(request, endpoints).status == 401 || forged);
  FUZZ_CHECK(!woken || forged);
  return 0;
}
