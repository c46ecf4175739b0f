#include "git/credential_scope.hpp"

#include <algorithm>
#include <cctype>

#include "core/text.hpp"
#include "git/url.hpp"

namespace kgitops {
namespace {

// The host part of credential_host(): "[v6]" for an IPv6 address.
std::string host_name(const UrlParts& parts) {
  const auto host = lower(parts.host);
  return host.find(':') == std::string::npos ? host : "[" + host + "]";
}

}  // namespace

std::string credential_host(const std::string& repo) {
  if (classify_repo(repo) != RepoKind::remote) {
    return {};
  }
  const auto parts = parse_url(repo);
  if (parts.host.empty()) {
    return {};
  }
  const auto host = host_name(parts);
  return parts.port == 0 ? host : host + ":" + std::to_string(parts.port);
}

CredentialScope scope_for_named_repo(const std::string& repo, bool insecure_http) {
  return CredentialScope{credential_host(repo), insecure_http};
}

Result<void> check_trusted_host(const std::string& host) {
  if (host.empty() || host.find_first_of("/@?# \t") != std::string::npos) {
    return fail("'", host, "' is not a host name: give it as host or host:port");
  }
  return {};
}

CredentialScope scope_for_recorded_repo(const std::string& repo, const TrustedHosts& trusted) {
  const auto host = credential_host(repo);
  if (host.empty()) {
    return {};
  }
  const auto name = host_name(parse_url(repo));
  for (const auto& given : trusted.hosts) {
    const auto wanted = lower(given);
    // "host" trusts every port of it; "host:port" that port alone.
    if (wanted == host || wanted == name) {
      return CredentialScope{host, trusted.insecure_http};
    }
  }
  return {};
}

bool scope_covers(const CredentialScope& scope, const std::string& url) {
  return !scope.host.empty() && scope.host == credential_host(url);
}

}  // namespace kgitops
