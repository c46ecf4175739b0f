#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/global_flags.hpp"
#include "cli_runner.hpp"
#include "core/exit_codes.hpp"
#include "core/version.hpp"

using namespace kgitops;
using namespace kgitops::testing;

TEST_CASE("cli: no subcommand prints the help and succeeds") {
  const auto run = run_cli_offline({});
  CHECK(run.code == 0);
  CHECK(run.out.starts_with("Make a cluster a function of a git repository.\n"));
  CHECK(run.err.empty());
}

TEST_CASE("cli: a flag CLI11 rejects is reported once, with a pointer to -h, exit 3") {
  const auto unknown = run_cli_offline({"frobnicate"});
  CHECK(unknown.code == to_int(ExitCode::usage));
  CHECK(unknown.err ==
        "kubectl-gitops: error: The following argument was not expected: frobnicate\n"
        "See 'kubectl gitops -h' for help.\n");
  CHECK(unknown.out.empty());
  const auto missing = run_cli_offline({"status", "--output", "xml"});
  CHECK(missing.code == to_int(ExitCode::usage));
  CHECK(missing.err ==
        "kubectl-gitops: error: --output: xml not in {table,json,yaml}\n"
        "See 'kubectl gitops -h' for help.\n");
}

TEST_CASE("cli: a command's own refusal is printed as one error line with its exit code") {
  const auto usage = run_cli_offline({"prune", "--repo", "r"});
  CHECK(usage.code == to_int(ExitCode::usage));
  CHECK(usage.err ==
        "kubectl-gitops: error: prune deletes nothing by itself: review with 'kubectl gitops "
        "prune --dry-run', then run 'kubectl gitops sync --prune'\n");
  // A failure that is not about flags keeps its own code (2), still one line.
  const auto failure = run_cli_offline({"hooks", "install", "--repo", "/nonexistent/repo"});
  CHECK(failure.code == to_int(ExitCode::error));
  CHECK(failure.err ==
        "kubectl-gitops: error: hooks install: '/nonexistent/repo' is not a folder\n");
  CHECK(failure.out.empty());
}

TEST_CASE("cli: kubectl's global flags work before the subcommand as after it") {
  const auto before = run_cli_offline({"--context", "prod", "-n", "shop", "version"});
  CHECK(before.code == 0);
  CHECK(before.out == std::string("kubectl-gitops ") + k_version + "\n");
}

TEST_CASE("cli: no flag of any command takes a secret on the command line") {
  // Tokens and passwords come from the environment, git's credential helper
  // or a file (README: Credentials): a flag may name a file, never hold one.
  const std::vector<std::string> secret_words = {"token",      "password", "secret", "credential",
                                                 "passphrase", "ssh-key",  "private"};
  CLI::App root{"root", "kubectl gitops"};
  GlobalFlags globals;
  add_global_flags(root, globals);
  std::vector<const CLI::App*> apps = {&root};
  for (const auto& spec : command_table()) {
    auto* command = root.add_subcommand(spec.name, spec.description);
    spec.setup(*command, globals);
    apps.push_back(command);
  }
  std::size_t options = 0;
  for (const auto* app : apps) {
    for (const auto* option : app->get_options()) {
      ++options;
      const auto name = option->get_name();
      CAPTURE(name);
      for (const auto& word : secret_words) {
        if (name.find(word) != std::string::npos) {
          CHECK(name.ends_with("-file"));
        }
      }
    }
  }
  CHECK(options > 40);  // every command's flags were looked at
  const auto* watch = root.get_subcommand("watch");
  CHECK(watch->get_option_no_throw("--webhook-secret-file") != nullptr);
  CHECK(watch->get_option_no_throw("--webhook-secret") == nullptr);
}
