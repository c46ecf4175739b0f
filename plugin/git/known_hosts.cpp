#include "git/known_hosts.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <sstream>
#include <vector>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/text.hpp"

namespace kgitops {
namespace {

constexpr std::string_view k_hashed_prefix = "|1|";
constexpr int k_default_ssh_port = 22;

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) {
    return std::nullopt;
  }
  std::string out(text.size() / 4 * 3, '\0');
  int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                               reinterpret_cast<const unsigned char*>(text.data()),
                               static_cast<int>(text.size()));
  if (length < 0) {
    return std::nullopt;
  }
  // EVP_DecodeBlock counts the padding as zero bytes.
  std::size_t padding = text.ends_with("==") ? 2 : (text.ends_with("=") ? 1 : 0);
  out.resize(static_cast<std::size_t>(length) - padding);
  return out;
}

// The key type at the start of an SSH public key blob ("ssh-ed25519").
std::string blob_key_type(std::string_view blob) {
  if (blob.size() < 4) {
    return {};
  }
  std::size_t length = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    length = (length << 8) | static_cast<unsigned char>(blob[i]);
  }
  if (length > blob.size() - 4) {
    return {};
  }
  return std::string(blob.substr(4, length));
}

// OpenSSH's patterns: '*' and '?' are the only wildcards ('[' is literal,
// as in "[host]:2222").
bool wildcard_match(std::string_view pattern, std::string_view name) {
  std::size_t p = 0;
  std::size_t n = 0;
  std::size_t star = std::string_view::npos;
  std::size_t resume = 0;
  while (n < name.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == name[n])) {
      ++p;
      ++n;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

// "|1|<salt>|<hash>": HMAC-SHA1 of the name keyed with the salt.
bool hashed_name_matches(std::string_view pattern, const std::string& name) {
  std::string_view rest = pattern.substr(k_hashed_prefix.size());
  std::size_t bar = rest.find('|');
  if (bar == std::string_view::npos) {
    return false;
  }
  auto salt = base64_decode(rest.substr(0, bar));
  auto expected = base64_decode(rest.substr(bar + 1));
  if (!salt || !expected) {
    return false;
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (HMAC(EVP_sha1(), salt->data(), static_cast<int>(salt->size()),
           reinterpret_cast<const unsigned char*>(name.data()), name.size(), digest,
           &length) == nullptr) {
    return false;
  }
  return std::string_view(reinterpret_cast<const char*>(digest), length) == *expected;
}

// Whether the comma-separated `patterns` name `name`; a matching negated
// pattern ("!host") wins over any positive one, as in OpenSSH.
bool host_patterns_match(std::string_view patterns, const std::string& name) {
  bool matched = false;
  std::size_t start = 0;
  while (start <= patterns.size()) {
    std::size_t comma = patterns.find(',', start);
    std::string_view pattern = patterns.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    bool negated = !pattern.empty() && pattern.front() == '!';
    if (negated) {
      pattern.remove_prefix(1);
    }
    bool hit = pattern.starts_with(k_hashed_prefix) ? hashed_name_matches(pattern, name)
                                                    : wildcard_match(lower(pattern), name);
    if (hit && negated) {
      return false;
    }
    matched = matched || hit;
    if (comma == std::string_view::npos) {
      break;
    }
    start = comma + 1;
  }
  return matched;
}

}  // namespace

HostKeyStatus check_known_hosts(const std::string& known_hosts, const std::string& host, int port,
                                std::string_view key) {
  std::string name = lower(host);
  if (port != 0 && port != k_default_ssh_port) {
    name = "[" + name + "]:" + std::to_string(port);
  }
  std::string key_type = blob_key_type(key);
  bool known = false;
  bool changed = false;
  std::istringstream lines(known_hosts);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string first;
    if (!(fields >> first) || first.front() == '#') {
      continue;
    }
    std::string marker;
    std::string patterns = first;
    if (first.front() == '@') {
      marker = first;
      if (!(fields >> patterns)) {
        continue;
      }
    }
    std::string type;
    std::string encoded;
    if (!(fields >> type >> encoded) || marker == "@cert-authority") {
      continue;
    }
    auto listed = base64_decode(encoded);
    if (!listed) {
      continue;
    }
    if (marker == "@revoked") {
      if (*listed == key) {
        return HostKeyStatus::revoked;
      }
      continue;
    }
    if (!host_patterns_match(patterns, name)) {
      continue;
    }
    if (*listed == key) {
      known = true;
    } else if (type == key_type) {
      changed = true;
    }
  }
  if (changed && !known) {
    return HostKeyStatus::changed;
  }
  return known ? HostKeyStatus::known : HostKeyStatus::unknown;
}

}  // namespace kgitops
