#include <memory>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/output_flag.hpp"
#include "core/exit_codes.hpp"
#include "core/version.hpp"
#include "output/version_json.hpp"

namespace kgitops {

CommandSpec version_command() {
  return CommandSpec{"version", "Print the version of kubectl-gitops",
                     [](CLI::App& command, const GlobalFlags&) {
                       auto output = std::make_shared<std::string>("table");
                       add_output_flag(command, *output);
                       return CommandHandler([output](CliEnvironment& env) -> Result<ExitCode> {
                         const auto format = to_output_format(*output);
                         if (format == OutputFormat::table) {
                           env.out << "kubectl-gitops " << k_version << "\n";
                         } else {
                           print_document(version_to_json(), format, env.out);
                         }
                         return ExitCode::ok;
                       });
                     },
                     "# Print the version of the installed plugin\n"
                     "kubectl gitops version\n"
                     "\n"
                     "# As JSON, for scripts\n"
                     "kubectl gitops version -o json\n"};
}

}  // namespace kgitops
