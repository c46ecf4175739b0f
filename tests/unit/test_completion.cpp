#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "complete/completion.hpp"

using namespace kgitops;

namespace {

// Answers from fixed lists and records which cluster each question named.
class FakeCandidateSource : public CandidateSource {
 public:
  std::vector<std::string> apps{"web", "api", "web"};
  std::vector<std::string> contexts{"prod", "dev"};
  std::vector<std::string> namespaces{"default", "kube-system"};
  bool failing = false;
  std::vector<ClusterOptions> asked;

  Result<std::vector<std::string>> app_names(const ClusterOptions& cluster) override {
    return answer(cluster, apps);
  }
  Result<std::vector<std::string>> context_names(const ClusterOptions& cluster) override {
    return answer(cluster, contexts);
  }
  Result<std::vector<std::string>> namespace_names(const ClusterOptions& cluster) override {
    return answer(cluster, namespaces);
  }

 private:
  Result<std::vector<std::string>> answer(const ClusterOptions& cluster,
                                          const std::vector<std::string>& values) {
    asked.push_back(cluster);
    if (failing) {
      return fail("the connection to the server was refused");
    }
    return values;
  }
};

FlagInfo flag(std::vector<std::string> names, bool takes_value,
              std::vector<std::string> choices = {}) {
  auto description = "about " + names.back();
  return FlagInfo{std::move(names), std::move(description), takes_value, std::move(choices)};
}

CompletionModel model() {
  CompletionModel model;
  model.global_flags = {flag({"--kubeconfig"}, true), flag({"--context"}, true),
                        flag({"-n", "--namespace"}, true), flag({"-h", "--help"}, false)};
  model.commands = {
      CommandInfo{"sync",
                  "Apply the manifests",
                  {flag({"--app"}, true), flag({"--prune"}, false), flag({"--repo"}, true),
                   flag({"--allow-namespace"}, true)},
                  false,
                  {}},
      CommandInfo{
          "status",
          "Show each app",
          {flag({"--app"}, true), flag({"-o", "--output"}, true, {"table", "json", "yaml"})},
          false,
          {}},
      CommandInfo{"diff", "Show drift", {flag({"-o", "--output"}, true)}, false, {}},
      CommandInfo{"completion", "Print a script", {}, true, {"bash", "zsh", "fish"}},
      CommandInfo{"validate", "Check manifests", {}, true, {}},
  };
  return model;
}

std::vector<std::string> values(const Completion& completion) {
  std::vector<std::string> out;
  for (const auto& candidate : completion.candidates) {
    out.push_back(candidate.value);
  }
  return out;
}

using Words = std::vector<std::string>;
using Values = std::vector<std::string>;

}  // namespace

TEST_CASE("complete offers the subcommands that start with the word") {
  FakeCandidateSource source;
  auto completion = complete(model(), {"s"}, source);
  CHECK(values(completion) == Values{"sync", "status"});
  CHECK(completion.candidates.front().description == "Apply the manifests");
  CHECK(completion.directive == k_directive_no_file_completion);
  CHECK(values(complete(model(), {"sy"}, source)) == Values{"sync"});
  CHECK(values(complete(model(), {""}, source)).size() == 5);
  CHECK(values(complete(model(), {}, source)).size() == 5);
  CHECK(values(complete(model(), {"nothing"}, source)).empty());
  CHECK(source.asked.empty());
}

TEST_CASE("complete finds the subcommand after global flags and their values") {
  FakeCandidateSource source;
  CHECK(values(complete(model(), {"--context", "prod", "sy"}, source)) == Values{"sync"});
  CHECK(values(complete(model(), {"--context=prod", "-n", "web", "st"}, source)) ==
        Values{"status"});
  // A flag without a value does not swallow the next word.
  CHECK(values(complete(model(), {"-h", "sy"}, source)) == Values{"sync"});
}

TEST_CASE("complete offers the flags of the subcommand and the global flags") {
  FakeCandidateSource source;
  CHECK(values(complete(model(), {"sync", "--p"}, source)) == Values{"--prune"});
  auto all = values(complete(model(), {"sync", "-"}, source));
  CHECK(all == Values{"--app", "--prune", "--repo", "--allow-namespace", "--kubeconfig",
                      "--context", "-n", "--namespace", "-h", "--help"});
  auto status = values(complete(model(), {"status", "--"}, source));
  CHECK(std::find(status.begin(), status.end(), "--output") != status.end());
  CHECK(std::find(status.begin(), status.end(), "--prune") == status.end());
  // Before a subcommand, only the global flags.
  CHECK(values(complete(model(), {"--c"}, source)) == Values{"--context"});
  auto flags = complete(model(), {"sync", "--pr"}, source);
  CHECK(flags.candidates.front().description == "about --prune");
  CHECK(flags.directive == k_directive_no_file_completion);
}

TEST_CASE("complete asks the cluster for --app values, with the user's kubeconfig and context") {
  FakeCandidateSource source;
  auto completion =
      complete(model(), {"sync", "--kubeconfig", "/tmp/k", "--context=prod", "--app", ""}, source);
  CHECK(values(completion) == Values{"api", "web"});
  CHECK(completion.directive == k_directive_no_file_completion);
  REQUIRE(source.asked.size() == 1);
  CHECK(source.asked[0].kubeconfig == "/tmp/k");
  CHECK(source.asked[0].context == "prod");
  CHECK(values(complete(model(), {"status", "--app", "w"}, source)) == Values{"web"});
  // Global flags given after the app flag count too.
  source.asked.clear();
  complete(model(), {"sync", "--app", "web", "--context", "dev", "--app", ""}, source);
  REQUIRE(source.asked.size() == 1);
  CHECK(source.asked[0].context == "dev");
}

TEST_CASE("complete keeps the flag in the candidates of --flag=value") {
  FakeCandidateSource source;
  CHECK(values(complete(model(), {"sync", "--app=w"}, source)) == Values{"--app=web"});
  CHECK(values(complete(model(), {"status", "--output=j"}, source)) == Values{"--output=json"});
  CHECK(values(complete(model(), {"sync", "--prune=t"}, source)).empty());
}

TEST_CASE("complete offers contexts and namespaces") {
  FakeCandidateSource source;
  CHECK(values(complete(model(), {"--context", ""}, source)) == Values{"dev", "prod"});
  // The context list comes from the kubeconfig alone.
  source.asked.clear();
  complete(model(), {"--kubeconfig", "k", "--context", "prod", "sync", "--context", ""}, source);
  REQUIRE(source.asked.size() == 1);
  CHECK(source.asked[0].kubeconfig == "k");
  CHECK(source.asked[0].context.empty());
  CHECK(values(complete(model(), {"sync", "-n", "kube"}, source)) == Values{"kube-system"});
  CHECK(values(complete(model(), {"sync", "--namespace", ""}, source)).size() == 2);
  CHECK(values(complete(model(), {"sync", "--allow-namespace", "def"}, source)) ==
        Values{"default"});
}

TEST_CASE("complete lists the output formats a command accepts") {
  FakeCandidateSource source;
  CHECK(values(complete(model(), {"status", "-o", ""}, source)) == Values{"table", "json", "yaml"});
  // A command that names no formats gets kubectl's usual two.
  CHECK(values(complete(model(), {"diff", "-o", ""}, source)) == Values{"json", "yaml"});
}

TEST_CASE("complete yields no candidates, never an error, when the cluster fails") {
  FakeCandidateSource source;
  source.failing = true;
  auto completion = complete(model(), {"sync", "--app", ""}, source);
  CHECK(completion.candidates.empty());
  CHECK(completion.directive == k_directive_no_file_completion);
  CHECK(format_completion(completion) == ":4\n");
}

TEST_CASE("complete leaves free-form values and arguments to the shell") {
  FakeCandidateSource source;
  // --repo and --kubeconfig take paths: the shell completes file names.
  CHECK(complete(model(), {"sync", "--repo", ""}, source).directive == k_directive_default);
  CHECK(complete(model(), {"--kubeconfig", ""}, source).directive == k_directive_default);
  CHECK(complete(model(), {"validate", ""}, source).directive == k_directive_default);
  // A command without arguments wants no file names.
  CHECK(complete(model(), {"sync", ""}, source).directive == k_directive_no_file_completion);
  CHECK(complete(model(), {"sync", ""}, source).candidates.empty());
  // After an unknown subcommand nothing is offered.
  CHECK(values(complete(model(), {"bogus", ""}, source)).empty());
}

TEST_CASE("complete offers the fixed arguments of a command once") {
  FakeCandidateSource source;
  CHECK(values(complete(model(), {"completion", ""}, source)) == Values{"bash", "zsh", "fish"});
  CHECK(values(complete(model(), {"completion", "z"}, source)) == Values{"zsh"});
  CHECK(values(complete(model(), {"completion", "bash", ""}, source)).empty());
  // After `--`, a word that starts with a dash is an argument.
  CHECK(values(complete(model(), {"completion", "--", "-"}, source)).empty());
}

TEST_CASE("format_completion prints cobra's format") {
  Completion completion;
  completion.candidates = {
      {"sync", "Apply\tthe manifests\nand more"}, {"web", ""}, {"bad\nvalue", "dropped"}};
  completion.directive = k_directive_no_file_completion;
  CHECK(format_completion(completion) == "sync\tApply the manifests\nweb\n:4\n");
  CHECK(format_completion(Completion{}) == ":0\n");
}
