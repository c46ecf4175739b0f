#pragma once

#include <string>

namespace kgitops {

// A unified diff (3 lines of context) of two texts, with `---`/`+++` headers
// naming `from` and `to`; empty when the texts are equal.
std::string unified_diff(const std::string& before, const std::string& after,
                         const std::string& from, const std::string& to);

}  // namespace kgitops
