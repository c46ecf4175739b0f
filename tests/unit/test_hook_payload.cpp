#include <doctest/doctest.h>

#include "http/hook_payload.hpp"

using namespace kgitops;

namespace {

// The parts of a GitHub push event that name the repository and the ref
// (docs.github.com, "push" webhook payload).
const char* const k_github_push = R"json({
  "ref": "refs/heads/main",
  "before": "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
  "after": "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
  "repository": {
    "id": 186853002,
    "name": "shop",
    "full_name": "Org/shop",
    "html_url": "https://github.com/Org/shop",
    "url": "https://github.com/Org/shop",
    "git_url": "git://github.com/Org/shop.git",
    "ssh_url": "git@github.com:Org/shop.git",
    "clone_url": "https://github.com/Org/shop.git"
  }
})json";

// The same for GitLab (docs.gitlab.com, "Push events").
const char* const k_gitlab_push = R"json({
  "object_kind": "push",
  "ref": "refs/heads/release",
  "project": {
    "path_with_namespace": "platform/apps/shop",
    "web_url": "https://gitlab.example.com/platform/apps/shop",
    "git_ssh_url": "git@gitlab.example.com:platform/apps/shop.git",
    "git_http_url": "https://gitlab.example.com/platform/apps/shop.git"
  },
  "repository": {
    "name": "shop",
    "url": "git@gitlab.example.com:platform/apps/shop.git",
    "homepage": "https://gitlab.example.com/platform/apps/shop"
  }
})json";

HookPayload github(const char* body, const std::string& event = "push") {
  return read_hook_payload(HookSender::github, {{"x-github-event", event}}, Json::parse(body));
}

}  // namespace

TEST_CASE("a GitHub push names its repository by every address and its ref") {
  const auto payload = github(k_github_push);
  CHECK(payload.moves_refs);
  CHECK(payload.event == "push");
  CHECK(payload.ref == "refs/heads/main");
  CHECK(payload.full_names == std::vector<std::string>{"Org/shop"});
  CHECK(payload.repositories ==
        std::vector<std::string>{"github.com/Org/shop", "github.com/Org/shop",
                                 "github.com/Org/shop", "github.com/Org/shop",
                                 "github.com/Org/shop"});
}

TEST_CASE("a push concerns the apps of its repository, however their address is written") {
  const auto payload = github(k_github_push);
  CHECK(hook_concerns(payload, {"https://github.com/org/shop", "main"}));
  CHECK(hook_concerns(payload, {"git@github.com:org/shop.git", "main"}));
  CHECK(hook_concerns(payload, {"https://token@github.com/Org/shop.git", ""}));
  CHECK_FALSE(hook_concerns(payload, {"https://github.com/org/shop-api", "main"}));
  CHECK_FALSE(hook_concerns(payload, {"https://github.com/other/shop", "main"}));
  CHECK_FALSE(hook_concerns(payload, {"https://gitlab.com/org/shop", "main"}));
}

TEST_CASE("a push concerns the apps that follow the ref it moved") {
  const auto payload = github(k_github_push);
  const std::string repo = "https://github.com/org/shop";
  CHECK(hook_concerns(payload, {repo, "main"}));
  CHECK(hook_concerns(payload, {repo, "refs/heads/main"}));
  CHECK(hook_concerns(payload, {repo, ""}));  // the remote's HEAD may be any branch
  CHECK(hook_concerns(payload, {repo, "HEAD"}));
  CHECK_FALSE(hook_concerns(payload, {repo, "release"}));
  CHECK_FALSE(hook_concerns(payload, {repo, "v1.2.0"}));
  CHECK_FALSE(hook_concerns(payload, {repo, "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c"}));

  auto tag = Json::parse(k_github_push);
  tag["ref"] = "refs/tags/v1.2.0";
  const auto tagged = read_hook_payload(HookSender::github, {}, tag);
  CHECK(hook_concerns(tagged, {repo, "v1.2.0"}));
  CHECK_FALSE(hook_concerns(tagged, {repo, "main"}));
}

TEST_CASE("a GitLab push is read from its project and repository") {
  const auto payload = read_hook_payload(HookSender::gitlab, {{"x-gitlab-event", "Push Hook"}},
                                         Json::parse(k_gitlab_push));
  CHECK(payload.moves_refs);
  CHECK(payload.ref == "refs/heads/release");
  CHECK(payload.full_names == std::vector<std::string>{"platform/apps/shop"});
  CHECK(hook_concerns(payload, {"https://gitlab.example.com/platform/apps/shop.git", "release"}));
  CHECK(hook_concerns(payload, {"ssh://git@gitlab.example.com/platform/apps/shop", "release"}));
  CHECK_FALSE(hook_concerns(payload, {"https://gitlab.example.com/platform/apps/shop", "main"}));
  CHECK(read_hook_payload(HookSender::gitlab, {{"x-gitlab-event", "Tag Push Hook"}}, Json::object())
            .moves_refs);
  CHECK_FALSE(read_hook_payload(HookSender::gitlab, {{"x-gitlab-event", "Merge Request Hook"}},
                                Json::object())
                  .moves_refs);
}

TEST_CASE("a GitLab system hook's push is read as a push; its other events push nothing") {
  const std::map<std::string, std::string> headers{{"x-gitlab-event", "System Hook"}};
  const auto push = read_hook_payload(HookSender::gitlab, headers, Json::parse(R"({
    "event_name": "push", "ref": "refs/heads/main",
    "project": {"git_http_url": "https://gitlab.example.com/platform/shop.git",
                "path_with_namespace": "platform/shop"},
    "repository": {"git_ssh_url": "git@gitlab.example.com:platform/shop.git"}})"));
  CHECK(push.moves_refs);
  CHECK(push.ref == "refs/heads/main");
  CHECK(hook_concerns(push, {"https://gitlab.example.com/platform/shop", "main"}));
  CHECK_FALSE(hook_concerns(push, {"https://gitlab.example.com/platform/cart", "main"}));
  CHECK(read_hook_payload(HookSender::gitlab, headers, Json::parse(R"({"event_name":"tag_push"})"))
            .moves_refs);
  for (const auto* other :
       {R"({"event_name":"project_create"})", R"({"object_kind":"push"})", R"({"event_name":7})"}) {
    CAPTURE(other);
    CHECK_FALSE(read_hook_payload(HookSender::gitlab, headers, Json::parse(other)).moves_refs);
  }
}

TEST_CASE("events that push nothing concern no app") {
  const auto ping = github(R"({"zen":"Design for failure.","hook_id":1})", "ping");
  CHECK_FALSE(ping.moves_refs);
  CHECK_FALSE(hook_concerns(ping, {"https://github.com/org/shop", "main"}));
  CHECK_FALSE(github(k_github_push, "pull_request").moves_refs);
  // Without the event header a GitHub hook is taken as a push.
  CHECK(read_hook_payload(HookSender::github, {}, Json::object()).moves_refs);
}

TEST_CASE("a payload that names no repository or ref concerns every app") {
  const auto anonymous = read_hook_payload(HookSender::generic, {}, Json::parse("{}"));
  CHECK(anonymous.repositories.empty());
  CHECK_FALSE(anonymous.ref.has_value());
  CHECK(hook_concerns(anonymous, {"https://github.com/org/shop", "main"}));
  CHECK(hook_concerns(anonymous, {"/srv/git/shop", "v1"}));
  // Not an object at all, or fields of the wrong type: still only a hint.
  CHECK(hook_concerns(read_hook_payload(HookSender::generic, {}, Json::parse("[1,2]")),
                      {"/srv/git/shop", "main"}));
  CHECK(hook_concerns(read_hook_payload(HookSender::generic, {},
                                        Json::parse(R"({"ref":7,"repository":{"url":[]}})")),
                      {"/srv/git/shop", "main"}));
}

TEST_CASE("the generic form names a repository by URL or by path") {
  const auto by_url = read_hook_payload(
      HookSender::generic, {},
      Json::parse(R"({"ref":"refs/heads/main","repository":{"url":"file:///srv/git/shop.git"}})"));
  CHECK(hook_concerns(by_url, {"/srv/git/shop.git", "main"}));
  CHECK(hook_concerns(by_url, {"file:///srv/git/shop", "main"}));
  CHECK_FALSE(hook_concerns(by_url, {"/srv/git/shop-api", "main"}));
  const auto by_string = read_hook_payload(
      HookSender::generic, {}, Json::parse(R"({"repository":"https://github.com/org/shop"})"));
  CHECK(hook_concerns(by_string, {"git@github.com:org/shop.git", "main"}));
}

TEST_CASE("a bare owner/name is matched only when the payload gives no address") {
  const auto named = read_hook_payload(HookSender::generic, {},
                                       Json::parse(R"({"repository":{"full_name":"org/shop"}})"));
  CHECK(hook_concerns(named, {"https://github.com/org/shop.git", "main"}));
  CHECK(hook_concerns(named, {"https://gitlab.com/ORG/shop", "main"}));
  CHECK_FALSE(hook_concerns(named, {"https://github.com/org/workshop", "main"}));
}
