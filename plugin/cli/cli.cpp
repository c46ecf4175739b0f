#include "cli/cli.hpp"

#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/command.hpp"
#include "cli/completion_command.hpp"
#include "cli/help.hpp"
#include "complete/kubectl_candidate_source.hpp"
#include "core/error.hpp"
#include "core/exit_codes.hpp"

namespace kgitops {

int run_cli(int argc, char** argv) {
  CLI::App app{"Make a cluster a function of a git repository.", "kubectl gitops"};
  configure_help(app, root_examples());
  GlobalFlags globals;
  add_global_flags(app, globals);
  app.require_subcommand(0, 1);
  // kubectl passes its global flags after the subcommand name: let them
  // fall through from the subcommand to the root, which declares them.
  app.fallthrough();

  std::function<int()> handler;
  for (const auto& spec : command_table()) {
    auto* command = app.add_subcommand(spec.name, spec.description);
    configure_help(*command, spec.examples);
    auto run = spec.setup(*command, globals);
    command->callback([&handler, run] { handler = run; });
  }

  try {
    if (argc > 1 && argv[1] == k_complete_command) {
      auto source = make_kubectl_candidate_source();
      return run_complete(app, std::vector<std::string>(argv + 2, argv + argc), *source, std::cout);
    }
    app.parse(argc, argv);
    if (!handler) {
      std::cout << app.help();
      return to_int(ExitCode::ok);
    }
    return handler();
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::ParseError& error) {
    std::cerr << "kubectl-gitops: error: " << error.what() << "\n"
              << "See 'kubectl gitops -h' for help.\n";
    return to_int(ExitCode::usage);
  } catch (const Fatal& fatal) {
    std::cerr << "kubectl-gitops: error: " << fatal.message << "\n";
    return fatal.exit_code;
  } catch (const std::exception& error) {
    std::cerr << "kubectl-gitops: error: " << error.what() << "\n";
    return to_int(ExitCode::error);
  }
}

}  // namespace kgitops
