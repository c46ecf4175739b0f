#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace kgitops {

// Where `text` stops being well-formed UTF-8 (as Go's utf8.Valid reads it:
// no overlong forms, surrogates or code points above U+10FFFF), or nothing.
std::optional<std::size_t> invalid_utf8_offset(std::string_view text);

// `text` with every byte that is not part of well-formed UTF-8 written as
// `\xNN`, so that a name or message can be shown (and dumped as JSON).
std::string escape_invalid_utf8(std::string_view text);

// `text` with every byte that is not part of well-formed UTF-8 read as
// Latin-1 and written as UTF-8. yaml-cpp decodes the escapes `\N` and `\_`
// to the single bytes 0x85 and 0xA0; go-yaml, to U+0085 and U+00A0.
std::string latin1_strays_to_utf8(std::string_view text);

}  // namespace kgitops
