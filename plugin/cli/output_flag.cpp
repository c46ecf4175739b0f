#include "cli/output_flag.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace kgitops {

CLI::Option* add_output_flag(CLI::App& command, std::string& output,
                             const std::vector<std::string>& deprecated) {
  auto accepts = [deprecated](std::string& value) -> std::string {
    const auto known = [&value](const auto& names) {
      return std::find(names.begin(), names.end(), value) != names.end();
    };
    if (known(k_output_formats) || known(deprecated)) {
      return {};
    }
    return value + " not in {" + join(k_output_formats, ",") + "}";
  };
  // The description is what help and completion read the choices from
  // (option_choices), so a deprecated name stays out of both.
  const CLI::Validator formats(accepts, "{" + join(k_output_formats, ",") + "}");
  return command.add_option("-o,--output", output, "Output format: table, json or yaml")
      ->check(formats);
}

OutputFormat to_output_format(const std::string& output) {
  return parse_output_format(output).value_or(OutputFormat::table);
}

}  // namespace kgitops
