#include <memory>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/hooks_command.hpp"
#include "core/exit_codes.hpp"
#include "githooks/hook_installer.hpp"

namespace kgitops {
namespace {

Result<ExitCode> run(const HooksFlags& flags, CliEnvironment& env) {
  if (auto valid = check_hooks_flags(flags); !valid) {
    return with_kind(ErrorKind::usage, valid.error());
  }
  auto repository = find_local_repository(flags.repo);
  if (!repository) {
    return with_context("hooks " + flags.action, repository.error());
  }
  Result<std::vector<HookChange>> changes;
  if (flags.action == "install") {
    changes = install_hooks(*repository, to_hook_install_options(flags));
  } else {
    changes = uninstall_hooks(*repository);
  }
  if (!changes) {
    return std::unexpected(changes.error());
  }
  for (const auto& change : *changes) {
    env.out << describe(change) << "\n";
  }
  if (flags.sync_args) {
    env.out << "post-merge will run: kubectl-gitops sync --repo " << repository->top_level.string()
            << " " << *flags.sync_args << "\n";
  }
  return ExitCode::ok;
}

const char* const k_hooks_examples =
    "# Validate every push and sync the cluster after every pull\n"
    "kubectl gitops hooks install --sync-args \"--prune --context prod\"\n"
    "\n"
    "# Only validate pushes\n"
    "kubectl gitops hooks install --hooks pre-push\n"
    "\n"
    "# Remove the hooks (your own hooks come back)\n"
    "kubectl gitops hooks uninstall\n";

}  // namespace

void add_hooks_flags(CLI::App& command, HooksFlags& flags) {
  command.add_option("action", flags.action, "install or uninstall")
      ->required()
      ->check(CLI::IsMember({"install", "uninstall"}));
  command.add_option("--repo", flags.repo, "Any folder of the repository's work tree");
  command.add_option("--hooks", flags.hooks, "Hooks to install (default: pre-push,post-merge)")
      ->delimiter(',')
      ->check(CLI::IsMember(supported_hooks()));
  command.add_option("--sync-args", flags.sync_args,
                     "Arguments post-merge passes to sync (stored in git config "
                     "gitops.syncArgs)");
}

Result<void> check_hooks_flags(const HooksFlags& flags) {
  if (flags.action == "uninstall" && (!flags.hooks.empty() || flags.sync_args)) {
    return fail("--hooks and --sync-args only go with 'hooks install'");
  }
  return {};
}

HookInstallOptions to_hook_install_options(const HooksFlags& flags) {
  HookInstallOptions options;
  if (!flags.hooks.empty()) {
    options.hooks = flags.hooks;
  }
  options.sync_args = flags.sync_args;
  return options;
}

CommandSpec hooks_command() {
  return CommandSpec{
      "hooks", "Install or remove the git hooks (pre-push validates, post-merge syncs)",
      [](CLI::App& command, const GlobalFlags&) {
        auto flags = std::make_shared<HooksFlags>();
        add_hooks_flags(command, *flags);
        return CommandHandler([flags](CliEnvironment& env) { return run(*flags, env); });
      },
      k_hooks_examples};
}

}  // namespace kgitops
