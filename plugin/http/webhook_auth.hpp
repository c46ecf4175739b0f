#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kgitops {

// Who sends a push notification, and so how it proves it knows the secret.
enum class HookSender {
  github,   // X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>
  gitlab,   // X-Gitlab-Token: the secret itself
  generic,  // X-Signature-256: sha256=<hex HMAC-SHA256 of the body>
};

// The header a sender authenticates with, lower-case as HTTP compares it.
std::string_view auth_header(HookSender sender);

// Raw HMAC-SHA256 of `body` keyed with `secret`.
std::string hmac_sha256(std::string_view secret, std::string_view body);

// Whether `header` (nullopt when absent) proves the sender knows `secret`.
// Compares in constant time; an empty secret never authenticates anything.
bool authenticate_hook(HookSender sender, std::string_view secret,
                       const std::optional<std::string>& header, std::string_view body);

}  // namespace kgitops
