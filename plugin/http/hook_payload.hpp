#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/object.hpp"
#include "git/git_source.hpp"
#include "http/webhook_auth.hpp"

namespace kgitops {

// What an authenticated push notification says it is about. It is only a
// hint of which apps should fetch now: what they apply comes from git.
struct HookPayload {
  bool moves_refs = true;                 // false for events that push nothing (GitHub's ping)
  std::string event;                      // the sender's name for it, for answers and logs
  std::vector<std::string> repositories;  // repository_identity of each address named
  std::vector<std::string> full_names;  // "org/shop" (GitHub full_name, GitLab path_with_namespace)
  std::optional<std::string> ref;       // "refs/heads/main"
};

// Reads the event (X-GitHub-Event, X-Gitlab-Event; headers lower-case) and
// the repository addresses and ref of GitHub and GitLab push payloads, and of
// the generic form {"ref": ..., "repository": {"url": ...}}.
HookPayload read_hook_payload(HookSender sender, const std::map<std::string, std::string>& headers,
                              const Json& body);

// Whether the push may have moved what `source` checks out. A payload that
// names no repository or no ref concerns every app; an app that follows the
// remote's HEAD is concerned by any ref of its repository.
bool hook_concerns(const HookPayload& payload, const SourceSpec& source);

}  // namespace kgitops
