#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/global_flags.hpp"
#include "cli_runner.hpp"
#include "core/exit_codes.hpp"
#include "core/version.hpp"
#include "fake_cli.hpp"

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
        "See 'kubectl gitops status -h' for help.\n");
}

TEST_CASE("cli: a command's own refusal is printed as one error line with its exit code") {
  const auto usage = run_cli_offline({"prune", "--repo", "r"});
  CHECK(usage.code == to_int(ExitCode::usage));
  CHECK(usage.err ==
        "kubectl-gitops: error: prune deletes nothing by itself: review with 'kubectl gitops "
        "prune --dry-run', then run 'kubectl gitops sync --prune'\n"
        "See 'kubectl gitops prune -h' for help.\n");
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

TEST_CASE("cli: each kind of error a command stops on exits with its code, printed once") {
  struct Case {
    const char* what;
    std::vector<std::string> args;
    int code;
    std::string err;
  };
  const std::vector<Case> cases = {
      {"not found",
       {"status", "--app", "shop"},
       2,
       "kubectl-gitops: error: app shop was never synced to this cluster\n"},
      {"a git failure",
       {"diff", "--repo", "https://example.com/gone.git"},
       2,
       "kubectl-gitops: error: cannot fetch https://example.com/gone.git: repository not found\n"},
      {"refused by the app's reach",
       {"diff", "--repo", "https://example.com/shop.git", "--allow-namespace", "team-a", "-n",
        "team-b"},
       5,
       "kubectl-gitops: error: refusing to sync app "},
      {"usage",
       {"audit"},
       3,
       "kubectl-gitops: error: audit needs --app, --repo or -A\n"
       "See 'kubectl gitops audit -h' for help.\n"},
      {"a fault of the program",
       {"diff", "--repo", "https://example.com/bug.git"},
       2,
       "kubectl-gitops: error: [json.exception.type_error.316] invalid UTF-8 byte at index 3\n"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.what);
    FakeCli cli;
    cli.git.with([](FakeGitSource& git) {
      git.files["settings.yaml"] = configmap("settings");
      git.unreachable_repos.insert("https://example.com/gone.git");
      git.throwing_repos.insert("https://example.com/bug.git");
    });
    CHECK(cli.run(c.args) == c.code);
    CAPTURE(cli.err.str());
    CHECK(cli.err.str().starts_with(c.err));
    CHECK(cli.out.str().empty());
  }
}

TEST_CASE("cli: a command's result is its exit code, with nothing on stderr") {
  FakeCli cli;
  cli.git.with([](FakeGitSource& git) { git.files["settings.yaml"] = configmap("settings"); });
  const std::vector<std::string> diff = {
      "diff", "--repo", "https://example.com/shop.git", "--app", "shop", "-n", "prod"};
  CHECK(cli.run(diff) == to_int(ExitCode::differences));
  CHECK(cli.out.str().find("ConfigMap") != std::string::npos);
  CHECK(cli.err.str().empty());
  REQUIRE(cli.run({"sync", "--repo", "https://example.com/shop.git", "--app", "shop", "-n",
                   "prod"}) == 0);
  cli.out.str("");
  CHECK(cli.run(diff) == to_int(ExitCode::ok));
  CHECK(cli.err.str().empty());
}

TEST_CASE("cli: a warning is one line on stderr, the result stays on stdout") {
  FakeCli cli;
  cli.git.with([](FakeGitSource& git) {
    for (int i = 0; i < 12; ++i) {
      git.files["cm" + std::to_string(i) + ".yaml"] = configmap("cm" + std::to_string(i));
    }
  });
  const std::vector<std::string> source = {
      "--repo", "https://example.com/shop.git", "--app", "shop", "-n", "prod"};
  auto sync = source;
  sync.insert(sync.begin(), "sync");
  REQUIRE(cli.run(sync) == 0);
  cli.git.with([](FakeGitSource& git) {
    std::erase_if(git.files, [](const auto& file) { return file.first != "cm0.yaml"; });
  });
  cli.out.str("");
  auto prune = source;
  prune.insert(prune.begin(), {"prune", "--dry-run"});
  CHECK(cli.run(prune) == 0);
  CAPTURE(cli.err.str());
  CHECK(cli.err.str().starts_with("kubectl-gitops: warning: "));
  CHECK(cli.err.str().find("--confirm-prune") != std::string::npos);
  CHECK(cli.out.str().find("app shop: 11 would be pruned") != std::string::npos);
  CHECK(cli.out.str().find("warning") == std::string::npos);
}
