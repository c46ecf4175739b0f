#pragma once

#include <cstdint>
#include <string>

#include "core/error.hpp"

namespace kgitops {

// A size in bytes as Kubernetes quantities write binary sizes: "1048576",
// "512Ki", "256Mi", "1Gi"; more than zero. `what` names the flag or field in
// the error.
Result<std::uintmax_t> parse_byte_size(const std::string& text, const std::string& what);

}  // namespace kgitops
