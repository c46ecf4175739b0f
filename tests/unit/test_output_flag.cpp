#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cli/option_choices.hpp"
#include "cli/output_flag.hpp"
#include "cli_runner.hpp"

using namespace kgitops;
using namespace kgitops::testing;

TEST_CASE("-o takes table, json or yaml, and defaults to what the field holds") {
  CLI::App command{"sync"};
  std::string output = "table";
  add_output_flag(command, output);
  parse_flags(command, {"-o", "yaml"});
  CHECK(output == "yaml");
  CHECK(to_output_format(output) == OutputFormat::yaml);
  CHECK_THROWS_AS(parse_flags(command, {"--output", "text"}), CLI::ValidationError);
}

TEST_CASE("-o: a deprecated name is accepted but neither help nor completion lists it") {
  CLI::App command{"validate"};
  std::string output = "table";
  auto* option = add_output_flag(command, output, {"text"});
  parse_flags(command, {"-o", "text"});
  CHECK(output == "text");
  CHECK(to_output_format(output) == OutputFormat::table);
  CHECK(option_choices(*option) == std::vector<std::string>{"table", "json", "yaml"});
}

TEST_CASE("-o: every command that prints a result takes the same formats") {
  for (const char* name : {"sync", "diff", "prune", "status", "audit", "validate", "version"}) {
    CAPTURE(name);
    const auto run = run_cli_offline({name, "-h"});
    CHECK(run.out.find("Output format: table, json or yaml") != std::string::npos);
  }
}
