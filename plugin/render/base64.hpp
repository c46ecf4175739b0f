#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kgitops {

// Go's base64.StdEncoding.DecodeString, which go-yaml uses for `!!binary`:
// line breaks are skipped, padding is required. Nothing when `text` is not
// base64.
std::optional<std::string> decode_base64(std::string_view text);

}  // namespace kgitops
