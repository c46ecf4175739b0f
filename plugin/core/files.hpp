#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace kgitops {

// The whole content of `path`, byte for byte; nullopt when it cannot be
// opened. Callers say in their own words what could not be read.
std::optional<std::string> read_file(const std::filesystem::path& path);

}  // namespace kgitops
