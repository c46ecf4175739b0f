#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

#include "core/object.hpp"

namespace kgitops {

// How a command prints what it found: for people (each command's own text
// or table), or as one JSON or YAML document for scripts (docs/output.md).
enum class OutputFormat { table, json, yaml };

// "table", "json", "yaml"; nullopt for anything else.
std::optional<OutputFormat> parse_output_format(std::string_view name);
std::string to_string(OutputFormat format);

// Prints `document` as `format` asks: JSON indented by two spaces (any
// invalid UTF-8 replaced, never an exception), or YAML. A table is each
// command's own: `format` must be json or yaml.
void print_document(const Json& document, OutputFormat format, std::ostream& out);

}  // namespace kgitops
