#include <memory>
#include <ostream>

#include "cli/commands.hpp"
#include "core/exit_codes.hpp"
#include "engine/app.hpp"
#include "engine/suspend.hpp"

namespace kgitops {
namespace {

struct SuspendFlags {
  std::string app;
};

Result<ExitCode> run(const SuspendFlags& flags, const GlobalFlags& globals, bool suspended,
                     CliEnvironment& env) {
  if (auto valid = validate_app_name(flags.app); !valid) {
    return with_kind(ErrorKind::usage, with_context("--app", valid.error()).error());
  }
  const auto options = globals.cluster_options();
  auto cluster = env.make_cluster(options);
  if (auto done = set_suspended(*cluster, flags.app, suspended); !done) {
    return std::unexpected(done.error());
  }
  env.out << "app " << flags.app << (suspended ? " suspended" : " resumed") << "\n";
  return ExitCode::ok;
}

const char* const k_suspend_examples =
    "# Stop watch from healing app shop while you debug it in the cluster by hand\n"
    "kubectl gitops suspend --app shop\n";

const char* const k_resume_examples =
    "# Let watch heal app shop again (it goes back to what git declares)\n"
    "kubectl gitops resume --app shop\n";

CommandSpec make(bool suspended) {
  return CommandSpec{suspended ? "suspend" : "resume",
                     suspended ? "Pause self-heal of an app (drift is still reported)"
                               : "Resume self-heal of a suspended app",
                     [suspended](CLI::App& command, const GlobalFlags& globals) {
                       auto flags = std::make_shared<SuspendFlags>();
                       command.add_option("--app", flags->app, "The app")->required();
                       return CommandHandler([flags, &globals, suspended](CliEnvironment& env) {
                         return run(*flags, globals, suspended, env);
                       });
                     },
                     suspended ? k_suspend_examples : k_resume_examples};
}

}  // namespace

CommandSpec suspend_command() {
  return make(true);
}

CommandSpec resume_command() {
  return make(false);
}

}  // namespace kgitops
