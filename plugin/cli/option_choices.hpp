#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace kgitops {

// The only values `option` accepts, when a CLI::IsMember check names them
// (help and completion list them); empty otherwise.
std::vector<std::string> option_choices(const CLI::Option& option);

}  // namespace kgitops
