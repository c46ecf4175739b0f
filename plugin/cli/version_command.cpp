#include <ostream>

#include "cli/commands.hpp"
#include "core/exit_codes.hpp"
#include "core/version.hpp"

namespace kgitops {

CommandSpec version_command() {
  return CommandSpec{"version", "Print the version of kubectl-gitops",
                     [](CLI::App&, const GlobalFlags&) {
                       return CommandHandler([](CliEnvironment& env) -> Result<ExitCode> {
                         env.out << "kubectl-gitops " << k_version << "\n";
                         return ExitCode::ok;
                       });
                     },
                     "# Print the version of the installed plugin\n"
                     "kubectl gitops version\n"};
}

}  // namespace kgitops
