#include <doctest/doctest.h>

#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.hpp"
#include "cli/command.hpp"
#include "cli_runner.hpp"

using namespace kgitops;
using kgitops::testing::CapturedOutput;
using kgitops::testing::run_cli_with;

namespace {

std::string help_of(std::vector<std::string> args) {
  args.emplace_back("-h");
  CapturedOutput captured;
  CHECK(run_cli_with(std::move(args)) == 0);
  return captured.text.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    lines.push_back(line);
  }
  return lines;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("every subcommand has a unique name, a description and examples") {
  std::set<std::string> names;
  for (const auto& spec : command_table()) {
    CAPTURE(spec.name);
    CHECK(names.insert(spec.name).second);
    CHECK_FALSE(spec.description.empty());
    CHECK(static_cast<bool>(spec.setup));
    REQUIRE_FALSE(spec.examples.empty());
    // `# what it does`, then the command; blocks apart by one blank line.
    const auto lines = lines_of(spec.examples);
    CHECK(lines.front().starts_with("# "));
    CHECK_FALSE(lines.back().starts_with("#"));
    CHECK_FALSE(lines.back().empty());
    CHECK(spec.examples.ends_with("\n"));
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
      if (lines[i].empty()) {
        CHECK(lines[i + 1].starts_with("# "));
      }
      if (lines[i].starts_with("#")) {
        CHECK_FALSE(lines[i + 1].empty());
        CHECK_FALSE(lines[i + 1].starts_with("#"));
      }
    }
    // The examples show the command itself, as a user would type it.
    CHECK(contains(spec.examples, "gitops " + spec.name));
  }
}

TEST_CASE("each subcommand's -h reads like kubectl's: usage with kubectl gitops, then examples") {
  for (const auto& spec : command_table()) {
    CAPTURE(spec.name);
    const auto help = help_of({spec.name});
    const auto lines = lines_of(help);
    REQUIRE(lines.size() > 4);
    // Description, blank line, usage line, blank line, examples.
    CHECK(lines[0] == spec.description);
    CHECK(lines[1].empty());
    CHECK(lines[2].starts_with("Usage: kubectl gitops " + spec.name + " "));
    CHECK(lines[2].ends_with(" [flags]"));
    CHECK(lines[3].empty());
    CHECK(lines[4] == "Examples:");
    CHECK(contains(help, "Examples:\n  # "));
    // Every example line is indented under the heading, as in kubectl.
    std::istringstream examples(spec.examples);
    std::string example;
    while (std::getline(examples, example)) {
      if (!example.empty()) {
        CHECK(contains(help, "\n  " + example + "\n"));
      }
    }
    CHECK(contains(help, "\nFlags:\n"));
    CHECK(contains(help, "\nGlobal Flags:\n"));
  }
}

TEST_CASE("kubectl gitops -h lists every subcommand, with examples") {
  const auto help = help_of({});
  const auto lines = lines_of(help);
  REQUIRE(lines.size() > 4);
  CHECK(lines[2] == "Usage: kubectl gitops [command] [flags]");
  CHECK(lines[4] == "Examples:");
  for (const auto& spec : command_table()) {
    CAPTURE(spec.name);
    CHECK(contains(help, "\n  " + spec.name + " "));
  }
}
