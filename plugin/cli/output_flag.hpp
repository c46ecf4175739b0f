#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "output/output_format.hpp"

namespace kgitops {

// The formats of -o: "table" for people (the default), "json" and "yaml".
inline const std::vector<std::string> k_output_formats = {"table", "json", "yaml"};

// Declares -o/--output on `command`, taking one of k_output_formats. A name
// in `deprecated` is accepted too, but neither help nor completion lists it.
CLI::Option* add_output_flag(CLI::App& command, std::string& output,
                             const std::vector<std::string>& deprecated = {});

// The format -o names: a deprecated name is the table (validate's "text").
OutputFormat to_output_format(const std::string& output);

}  // namespace kgitops
