#include "cli/cli.hpp"

#include <algorithm>
#include <ostream>

#include <CLI/CLI.hpp>

#include "cli/command.hpp"
#include "cli/completion_command.hpp"
#include "cli/help.hpp"
#include "cli/messages.hpp"
#include "core/error.hpp"
#include "core/exit_codes.hpp"

namespace kgitops {
namespace {

// The subcommand the parser reached, to point a usage error at its help.
std::string parsed_command(const CLI::App& app) {
  const auto parsed = app.get_subcommands();
  return parsed.empty() ? std::string() : parsed.front()->get_name();
}

// Prints what stopped a command and returns the exit code of its kind.
int report(const Error& error, const std::string& command, std::ostream& err) {
  print_error(err, error);
  if (error.kind == ErrorKind::usage) {
    print_usage_hint(err, command);
  }
  return to_int(exit_code_for(error.kind));
}

// Parses and runs; a CLI11 parse error, or a handler's exception, escapes.
int parse_and_run(CLI::App& app, const std::vector<std::string>& args,
                  const CommandHandler& handler, CliEnvironment& env) {
  if (!args.empty() && args.front() == k_complete_command) {
    auto source = env.make_candidates();
    return run_complete(app, std::vector<std::string>(args.begin() + 1, args.end()), *source,
                        env.out);
  }
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them last first
  app.parse(reversed);
  if (!handler) {
    env.out << app.help();
    return to_int(ExitCode::ok);
  }
  auto code = handler(env);
  if (!code) {
    return report(code.error(), parsed_command(app), env.err);
  }
  return to_int(*code);
}

}  // namespace

int run_cli(const std::vector<std::string>& args, CliEnvironment& env) {
  CLI::App app{"Make a cluster a function of a git repository.", "kubectl gitops"};
  configure_help(app, root_examples());
  GlobalFlags globals;
  add_global_flags(app, globals);
  app.require_subcommand(0, 1);
  // kubectl passes its global flags after the subcommand name: let them
  // fall through from the subcommand to the root, which declares them.
  app.fallthrough();

  CommandHandler handler;
  for (const auto& spec : command_table()) {
    auto* command = app.add_subcommand(spec.name, spec.description);
    configure_help(*command, spec.examples);
    auto run = spec.setup(*command, globals);
    command->callback([&handler, run] { handler = run; });
  }

  try {
    return parse_and_run(app, args, handler, env);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help, env.out, env.err);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help, env.out, env.err);
  } catch (const CLI::ParseError& error) {
    return report(Error{error.what(), ErrorKind::usage}, parsed_command(app), env.err);
  } catch (const std::exception& error) {
    // A fault no value carried (a bug, or a library that throws): still one line.
    return report(Error{error.what(), ErrorKind::internal}, "", env.err);
  }
}

int run_cli(int argc, char** argv) {
  auto env = real_cli_environment();
  return run_cli(std::vector<std::string>(argv + std::min(argc, 1), argv + argc), env);
}

}  // namespace kgitops
