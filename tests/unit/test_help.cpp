#include <doctest/doctest.h>

#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.hpp"
#include "cli/command.hpp"
#include "cli/global_flags.hpp"
#include "cli/help.hpp"
#include "cli_runner.hpp"

using namespace kgitops;
using kgitops::testing::CapturedOutput;
using kgitops::testing::run_cli_with;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("help reads like kubectl's: usage, examples, flags, global flags") {
  CLI::App root{"Make a cluster a function of a git repository.", "kubectl gitops"};
  configure_help(root, "# Show the status\nkubectl gitops status\n");
  GlobalFlags globals;
  add_global_flags(root, globals);
  std::string app;
  std::string output = "table";
  std::string shell;
  bool prune = false;
  auto* sync = root.add_subcommand("sync", "Apply the manifests");
  configure_help(*sync, "# Sync and prune\nkubectl gitops sync --prune\n");
  sync->add_option("--app", app, "App name")->required();
  sync->add_flag("--prune", prune, "Delete what git no longer declares");
  sync->add_option("-o,--output", output, "Output format")->check(CLI::IsMember({"table", "json"}));
  auto* completion = root.add_subcommand("completion", "Print a script");
  configure_help(*completion);
  completion->add_option("shell", shell)->required()->check(CLI::IsMember({"bash", "zsh"}));
  root.add_subcommand("hidden", "Not listed")->group("");

  const auto root_help = root.help();
  CHECK(
      root_help.starts_with("Make a cluster a function of a git repository.\n\n"
                            "Usage: kubectl gitops [command] [flags]\n\n"
                            "Examples:\n  # Show the status\n  kubectl gitops status\n\n"
                            "Available Commands:\n"
                            "  sync         Apply the manifests\n"
                            "  completion   Print a script\n\n"));
  CHECK_FALSE(contains(root_help, "hidden"));
  CHECK(contains(root_help, "Global Flags:\n      --kubeconfig string"));
  CHECK(contains(root_help, "  -n, --namespace string"));
  CHECK(contains(root_help, "Use \"kubectl gitops <command> -h\" for more information"));

  const auto sync_help = sync->help("kubectl gitops");
  CHECK(
      sync_help.starts_with("Apply the manifests\n\nUsage: kubectl gitops sync [flags]\n\n"
                            "Examples:\n  # Sync and prune\n  kubectl gitops sync --prune\n\n"
                            "Flags:\n"));
  CHECK(contains(sync_help, "      --app string      App name (required)\n"));
  CHECK(contains(sync_help, "      --prune           Delete what git no longer declares\n"));
  CHECK(contains(sync_help,
                 "  -o, --output string   Output format (one of: table, json) (default table)\n"));
  CHECK(contains(sync_help, "  -h, --help"));
  // The global flags work after the subcommand, so its help lists them.
  CHECK(contains(sync_help, "Global Flags:\n      --kubeconfig string"));
  CHECK_FALSE(contains(sync_help, "Available Commands"));

  CHECK(completion->help("kubectl gitops")
            .starts_with("Print a script\n\nUsage: kubectl gitops completion bash|zsh [flags]\n\n"
                         "Flags:\n"));
}

TEST_CASE("kubectl gitops -h and each subcommand's -h start their usage with kubectl gitops") {
  {
    CapturedOutput captured;
    CHECK(run_cli_with({"-h"}) == 0);
    CHECK(contains(captured.text.str(), "Usage: kubectl gitops [command] [flags]\n"));
    CHECK(contains(captured.text.str(), "Examples:\n  # "));
    CHECK(contains(captured.text.str(), "  completion "));
  }
  for (const auto& spec : command_table()) {
    CapturedOutput captured;
    CHECK(run_cli_with({spec.name, "-h"}) == 0);
    CHECK_MESSAGE(contains(captured.text.str(), "Usage: kubectl gitops " + spec.name + " "),
                  spec.name);
    CHECK(contains(captured.text.str(), "Global Flags:\n"));
    if (!spec.examples.empty()) {
      CHECK(contains(captured.text.str(), "Examples:\n  "));
    }
  }
}

TEST_CASE("the global flags work after the subcommand, as kubectl passes them") {
  CapturedOutput captured;
  CHECK(run_cli_with({"version", "--kubeconfig", "/dev/null", "--context", "prod", "-n", "web"}) ==
        0);
  CHECK(captured.text.str().starts_with("kubectl-gitops v"));
}
