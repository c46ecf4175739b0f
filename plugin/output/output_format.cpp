#include "output/output_format.hpp"

#include <ostream>

#include "core/yaml_writer.hpp"

namespace kgitops {

std::optional<OutputFormat> parse_output_format(std::string_view name) {
  for (const auto format : {OutputFormat::table, OutputFormat::json, OutputFormat::yaml}) {
    if (to_string(format) == name) {
      return format;
    }
  }
  return std::nullopt;
}

std::string to_string(OutputFormat format) {
  switch (format) {
    case OutputFormat::table:
      return "table";
    case OutputFormat::json:
      return "json";
    case OutputFormat::yaml:
      return "yaml";
  }
  return "table";
}

void print_document(const Json& document, OutputFormat format, std::ostream& out) {
  if (format == OutputFormat::yaml) {
    out << to_yaml(document);
    return;
  }
  out << document.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

}  // namespace kgitops
