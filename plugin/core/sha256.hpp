#pragma once

#include <string>
#include <string_view>

namespace kgitops {

// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);
// Raw 32-byte SHA-256 digest of `data`.
std::string sha256_raw(std::string_view data);
// base64url without padding, as kubectl's ApplySet ids use it.
std::string base64url(std::string_view data);
// Standard base64 with padding, as Secret data is encoded.
std::string base64(std::string_view data);

}  // namespace kgitops
