#include "http/webhook_auth.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace kgitops {
namespace {

constexpr std::string_view k_sha256_prefix = "sha256=";

// Lower- or upper-case hex to bytes; nullopt unless exactly 32 bytes of hex.
std::optional<std::string> digest_from_hex(std::string_view hex) {
  if (hex.size() != 64) {
    return std::nullopt;
  }
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  };
  std::string bytes;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int high = nibble(hex[i]);
    const int low = nibble(hex[i + 1]);
    if (high < 0 || low < 0) {
      return std::nullopt;
    }
    bytes.push_back(static_cast<char>(high * 16 + low));
  }
  return bytes;
}

bool equal_in_constant_time(std::string_view a, std::string_view b) {
  // The length of a digest is public; of a token it leaks at most its size.
  if (a.size() != b.size()) {
    return false;
  }
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::string_view auth_header(HookSender sender) {
  switch (sender) {
    case HookSender::github:
      return "x-hub-signature-256";
    case HookSender::gitlab:
      return "x-gitlab-token";
    case HookSender::generic:
      return "x-signature-256";
  }
  return "";
}

std::string hmac_sha256(std::string_view secret, std::string_view body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest, &size);
  return std::string(reinterpret_cast<const char*>(digest), size);
}

bool authenticate_hook(HookSender sender, std::string_view secret,
                       const std::optional<std::string>& header, std::string_view body) {
  if (secret.empty() || !header) {
    return false;
  }
  if (sender == HookSender::gitlab) {
    return equal_in_constant_time(*header, secret);
  }
  if (!header->starts_with(k_sha256_prefix)) {
    return false;
  }
  const auto claimed = digest_from_hex(std::string_view(*header).substr(k_sha256_prefix.size()));
  if (!claimed) {
    return false;
  }
  return equal_in_constant_time(*claimed, hmac_sha256(secret, body));
}

}  // namespace kgitops
