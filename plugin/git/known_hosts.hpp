#pragma once

#include <string>
#include <string_view>

namespace kgitops {

// What a known_hosts file says of one host and the key it presented.
enum class HostKeyStatus {
  known,    // a line for the host lists this very key
  changed,  // the host is listed with another key of the same type
  revoked,  // the key is marked @revoked
  unknown,  // the host is not listed (or only with other key types)
};

// Looks `host` (on `port`; 0 or 22 is the default) presenting `key` (the SSH
// wire-format public key blob) up in `known_hosts`, the text of an OpenSSH
// known_hosts file: plain, wildcard, negated, [host]:port and hashed names.
HostKeyStatus check_known_hosts(const std::string& known_hosts, const std::string& host, int port,
                                std::string_view key);

}  // namespace kgitops
