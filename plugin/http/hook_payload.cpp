#include "http/hook_payload.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "core/text.hpp"
#include "git/url.hpp"

namespace kgitops {
namespace {

// Where GitHub and GitLab push payloads (and the generic form) give the
// repository's addresses.
constexpr std::array<std::string_view, 14> k_address_pointers = {
    "/repository/clone_url",   "/repository/ssh_url",  "/repository/git_url",
    "/repository/html_url",    "/repository/url",      "/repository/git_http_url",
    "/repository/git_ssh_url", "/repository/homepage", "/project/git_http_url",
    "/project/git_ssh_url",    "/project/web_url",     "/project/http_url",
    "/project/ssh_url",        "/repository"};
constexpr std::array<std::string_view, 2> k_full_name_pointers = {"/repository/full_name",
                                                                  "/project/path_with_namespace"};

std::optional<std::string> string_at(const Json& body, std::string_view pointer) {
  const Json::json_pointer where{std::string(pointer)};
  if (!body.is_object() || !body.contains(where)) {
    return std::nullopt;
  }
  const auto& value = body.at(where);
  if (!value.is_string() || value.get_ref<const std::string&>().empty()) {
    return std::nullopt;
  }
  return value.get<std::string>();
}

// Hosts such as GitHub and GitLab compare owner and repository names
// regardless of case; waking an app too many is cheaper than one too few.
bool event_moves_refs(HookSender sender, const std::string& event, const Json& body) {
  switch (sender) {
    case HookSender::github:
      return event.empty() || event == "push";
    case HookSender::gitlab:
      if (event == "System Hook") {
        // An instance's system hook sends every project's events: its body
        // says which.
        const auto name = string_at(body, "/event_name");
        return name == "push" || name == "tag_push";
      }
      return event.empty() || event == "Push Hook" || event == "Tag Push Hook";
    case HookSender::generic:
      return true;
  }
  return true;
}

bool repository_matches(const HookPayload& payload, const std::string& repo) {
  if (payload.repositories.empty() && payload.full_names.empty()) {
    return true;
  }
  const auto identity = lower(repository_identity(repo));
  const auto named = [&](const std::string& address) { return lower(address) == identity; };
  const auto ends_with_name = [&](const std::string& name) {
    return identity.ends_with("/" + lower(name));
  };
  // A bare "org/shop" says nothing of the host: it only counts when the
  // payload gives no address.
  if (!payload.repositories.empty()) {
    return std::ranges::any_of(payload.repositories, named);
  }
  return std::ranges::any_of(payload.full_names, ends_with_name);
}

bool ref_matches(const std::optional<std::string>& ref, const std::string& revision) {
  if (!ref || ref->empty() || revision.empty() || revision == "HEAD") {
    return true;
  }
  return *ref == revision || *ref == "refs/heads/" + revision || *ref == "refs/tags/" + revision;
}

}  // namespace

HookPayload read_hook_payload(HookSender sender, const std::map<std::string, std::string>& headers,
                              const Json& body) {
  HookPayload payload;
  const char* const event_header = sender == HookSender::gitlab   ? "x-gitlab-event"
                                   : sender == HookSender::github ? "x-github-event"
                                                                  : "";
  if (const auto found = headers.find(event_header); found != headers.end()) {
    payload.event = found->second;
  }
  payload.moves_refs = event_moves_refs(sender, payload.event, body);
  for (const auto pointer : k_address_pointers) {
    if (auto address = string_at(body, pointer)) {
      payload.repositories.push_back(repository_identity(*address));
    }
  }
  for (const auto pointer : k_full_name_pointers) {
    if (auto name = string_at(body, pointer)) {
      payload.full_names.push_back(*name);
    }
  }
  payload.ref = string_at(body, "/ref");
  return payload;
}

bool hook_concerns(const HookPayload& payload, const SourceSpec& source) {
  return payload.moves_refs && repository_matches(payload, source.repo) &&
         ref_matches(payload.ref, source.revision);
}

}  // namespace kgitops
