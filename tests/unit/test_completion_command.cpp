#include <doctest/doctest.h>

#include <algorithm>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.hpp"
#include "cli/command.hpp"
#include "cli/completion_command.hpp"
#include "cli/global_flags.hpp"
#include "cli_runner.hpp"

using namespace kgitops;
using namespace kgitops::testing;

namespace {

class NoCluster : public CandidateSource {
 public:
  Result<std::vector<std::string>> app_names(const ClusterOptions&) override {
    return std::vector<std::string>{"web"};
  }
  Result<std::vector<std::string>> context_names(const ClusterOptions&) override {
    return fail("no kubeconfig");
  }
  Result<std::vector<std::string>> namespace_names(const ClusterOptions&) override {
    return fail("no cluster");
  }
};

const CommandInfo* find(const CompletionModel& model, const std::string& name) {
  auto found = std::find_if(model.commands.begin(), model.commands.end(),
                            [&name](const CommandInfo& c) { return c.name == name; });
  return found == model.commands.end() ? nullptr : &*found;
}

}  // namespace

TEST_CASE("completion_model describes flags, arguments and subcommands of a CLI11 app") {
  CLI::App root{"root", "kubectl gitops"};
  GlobalFlags globals;
  add_global_flags(root, globals);
  std::string app;
  std::string output;
  std::string shell;
  bool prune = false;
  auto* sync = root.add_subcommand("sync", "Apply");
  sync->add_option("--app", app, "App name");
  sync->add_flag("--prune", prune, "Prune");
  sync->add_option("-o,--output", output)->check(CLI::IsMember({"json", "yaml", "table"}));
  root.add_subcommand("completion", "Script")
      ->add_option("shell", shell)
      ->check(CLI::IsMember({"bash", "zsh"}));
  root.add_subcommand("secret", "Hidden")->group("");

  auto model = completion_model(root);
  REQUIRE(model.commands.size() == 2);
  const auto* sync_info = find(model, "sync");
  REQUIRE(sync_info != nullptr);
  CHECK(sync_info->description == "Apply");
  CHECK_FALSE(sync_info->takes_arguments);
  auto flag = [sync_info](const std::string& name) {
    return *std::find_if(sync_info->flags.begin(), sync_info->flags.end(),
                         [&name](const FlagInfo& f) { return f.names.back() == name; });
  };
  CHECK(flag("--app").takes_value);
  CHECK(flag("--app").description == "App name");
  CHECK_FALSE(flag("--prune").takes_value);
  CHECK(flag("--output").names == std::vector<std::string>{"-o", "--output"});
  CHECK(flag("--output").choices == std::vector<std::string>{"json", "yaml", "table"});
  CHECK(flag("--help").names == std::vector<std::string>{"-h", "--help"});

  const auto* completion = find(model, "completion");
  REQUIRE(completion != nullptr);
  CHECK(completion->takes_arguments);
  CHECK(completion->argument_choices == std::vector<std::string>{"bash", "zsh"});

  auto global_names = std::vector<std::string>{};
  for (const auto& global : model.global_flags) {
    global_names.push_back(global.names.back());
  }
  CHECK(std::find(global_names.begin(), global_names.end(), "--kubeconfig") != global_names.end());
  CHECK(std::find(global_names.begin(), global_names.end(), "--namespace") != global_names.end());

  std::ostringstream out;
  CHECK(run_complete(root, {"sync", "--app", ""}, *std::make_unique<NoCluster>(), out) == 0);
  CHECK(out.str() == "web\n:4\n");
}

TEST_CASE("__complete offers every command of the command table and hides itself") {
  CapturedOutput captured;
  CHECK(run_cli_with({"__complete", ""}) == 0);
  const auto text = captured.text.str();
  for (const auto& spec : command_table()) {
    CHECK_MESSAGE(("\n" + text).find("\n" + spec.name + "\t") != std::string::npos, spec.name);
  }
  CHECK(text.find("__complete") == std::string::npos);
  CHECK(text.ends_with("\n:4\n"));
}

TEST_CASE("__complete takes its words verbatim, flags and `--` included") {
  {
    CapturedOutput captured;
    CHECK(run_cli_with({"__complete", "sy"}) == 0);
    CHECK(captured.text.str().starts_with("sync\t"));
  }
  {
    CapturedOutput captured;
    CHECK(run_cli_with({"__complete", "--context", "x", "version", "--h"}) == 0);
    CHECK(captured.text.str() == "--help\tPrint this help message and exit\n:4\n");
  }
  {
    CapturedOutput captured;
    CHECK(run_cli_with({"__complete", "completion", "--", "z"}) == 0);
    CHECK(captured.text.str() == "zsh\n:4\n");
  }
}

TEST_CASE("completion prints the embedded script of each shell") {
  CHECK(completion_script("bash").find("complete -o default -F __kubectl_gitops_complete") !=
        std::string::npos);
  CHECK(completion_script("zsh").starts_with("#compdef kubectl-gitops\n"));
  CHECK(completion_script("fish").find("complete -c kubectl-gitops") != std::string::npos);
  CHECK(completion_script("powershell").empty());
  for (const auto* shell : {"bash", "zsh", "fish"}) {
    CHECK(completion_script(shell).find("__complete") != std::string::npos);
    CapturedOutput captured;
    CHECK(run_cli_with({"completion", shell}) == 0);
    CHECK(captured.text.str() == completion_script(shell));
  }
  CHECK(run_cli_with({"completion", "powershell"}) != 0);
}
