#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"
#include "git/git_source.hpp"

namespace kgitops {

// The host credentials for `repo` are bound to: its host, lower-case, with
// ":port" when the URL names a port ("[v6]" for an IPv6 address); empty for
// a local path or a file:// URL.
std::string credential_host(const std::string& repo);

// A repository the user named (--repo, or an app of watch --config): its own
// host may receive credentials.
CredentialScope scope_for_named_repo(const std::string& repo, bool insecure_http);

// The hosts the user named (--auth-host) as allowed to receive
// credentials for repository URLs read from the cluster.
struct TrustedHosts {
  std::vector<std::string> hosts;  // "host" (any port) or "host:port"
  bool insecure_http = false;
};

// Refuses what cannot be a host name ("https://x", "a/b", "u@h"), naming it.
Result<void> check_trusted_host(const std::string& host);

// A repository URL read from the cluster (an inventory's data.repo): no
// credentials at all, unless its host is one of `trusted`.
CredentialScope scope_for_recorded_repo(const std::string& repo, const TrustedHosts& trusted);

// Whether credentials may be presented to `url` under `scope`.
bool scope_covers(const CredentialScope& scope, const std::string& url);

}  // namespace kgitops
