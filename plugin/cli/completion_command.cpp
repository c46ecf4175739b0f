#include "cli/completion_command.hpp"

#include <memory>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/option_choices.hpp"
#include "complete/completion_scripts.hpp"
#include "core/exit_codes.hpp"

namespace kgitops {
namespace {

const std::vector<std::string> k_shells = {"bash", "zsh", "fish"};

std::vector<FlagInfo> flags_of(const CLI::App& app) {
  std::vector<FlagInfo> flags;
  for (const auto* option : app.get_options()) {
    if (!option->nonpositional() || option->get_group().empty()) {
      continue;
    }
    FlagInfo flag;
    for (const auto& name : option->get_snames()) {
      flag.names.push_back("-" + name);
    }
    for (const auto& name : option->get_lnames()) {
      flag.names.push_back("--" + name);
    }
    flag.description = option->get_description();
    flag.takes_value = option->get_items_expected_max() != 0;  // add_flag() expects none
    flag.choices = option_choices(*option);
    flags.push_back(std::move(flag));
  }
  return flags;
}

const char* const k_completion_examples =
    "# Complete `kubectl gitops ...` through kubectl (1.26 or later): put the helper on PATH\n"
    "install -m 0755 kubectl_complete-gitops ~/.local/bin/\n"
    "\n"
    "# Load completion of kubectl-gitops in the current bash session\n"
    "source <(kubectl-gitops completion bash)\n"
    "\n"
    "# Install it for zsh, in a folder of $fpath\n"
    "kubectl-gitops completion zsh > \"${fpath[1]}/_kubectl-gitops\"\n"
    "\n"
    "# Install it for fish\n"
    "kubectl-gitops completion fish > ~/.config/fish/completions/kubectl-gitops.fish\n";

}  // namespace

CompletionModel completion_model(const CLI::App& root) {
  CompletionModel model;
  model.global_flags = flags_of(root);
  for (const auto* sub : root.get_subcommands({})) {
    if (sub->get_name().empty() || sub->get_group().empty() || sub->get_disabled()) {
      continue;
    }
    CommandInfo command;
    command.name = sub->get_name();
    command.description = sub->get_description();
    command.flags = flags_of(*sub);
    for (const auto* option : sub->get_options()) {
      if (option->get_positional()) {
        command.takes_arguments = true;
        if (command.argument_choices.empty()) {
          command.argument_choices = option_choices(*option);
        }
      }
    }
    model.commands.push_back(std::move(command));
  }
  return model;
}

int run_complete(const CLI::App& root, const std::vector<std::string>& words,
                 CandidateSource& source, std::ostream& out) {
  out << format_completion(complete(completion_model(root), words, source));
  return to_int(ExitCode::ok);
}

std::string_view completion_script(std::string_view shell) {
  if (shell == "bash") {
    return embedded::k_bash_script;
  }
  if (shell == "zsh") {
    return embedded::k_zsh_script;
  }
  if (shell == "fish") {
    return embedded::k_fish_script;
  }
  return {};
}

CommandSpec completion_command() {
  CommandSpec spec{"completion", "Print the shell completion script for bash, zsh or fish",
                   [](CLI::App& command, const GlobalFlags&) {
                     auto shell = std::make_shared<std::string>();
                     command.add_option("shell", *shell, "The shell to print the script for")
                         ->required()
                         ->check(CLI::IsMember(k_shells));
                     return CommandHandler([shell](CliEnvironment& env) -> Result<ExitCode> {
                       env.out << completion_script(*shell);
                       return ExitCode::ok;
                     });
                   }};
  spec.examples = k_completion_examples;
  return spec;
}

}  // namespace kgitops
