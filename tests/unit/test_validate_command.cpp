#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cli/global_flags.hpp"
#include "cli/output_flag.hpp"
#include "cli/validate_command.hpp"
#include "cli_runner.hpp"

using namespace kgitops;
using namespace kgitops::testing;

namespace {

ValidateFlags parse_validate(const std::vector<std::string>& args) {
  return parse_command<ValidateFlags>("validate", add_validate_flags, args);
}

}  // namespace

TEST_CASE("validate: by default HEAD of the work tree here, as a table, offline") {
  const auto flags = parse_validate({});
  CHECK(flags.repo == ".");
  CHECK(flags.path.empty());
  CHECK(flags.revision.empty());
  CHECK(flags.base.empty());
  CHECK_FALSE(flags.server_dry_run);
  CHECK(flags.output == "table");
}

TEST_CASE("validate: -o text is still accepted, as the table, and help lists only table") {
  CHECK(parse_validate({"-o", "text"}).output == "text");
  CHECK(to_output_format("text") == OutputFormat::table);
  CHECK(parse_validate({"-o", "yaml"}).output == "yaml");
}

TEST_CASE("validate: every flag lands in its field") {
  const auto flags =
      parse_validate({"--repo", "/src/shop/deploy", "--path", "prod", "--revision", "feature",
                      "--base", "origin/main", "--server-dry-run", "-o", "json"});
  CHECK(flags.repo == "/src/shop/deploy");
  CHECK(flags.path == "prod");
  CHECK(flags.revision == "feature");
  CHECK(flags.base == "origin/main");
  CHECK(flags.server_dry_run);
  CHECK(flags.output == "json");
  CHECK(parse_validate({"--output", "text"}).output == "text");
}

TEST_CASE("to_validate_options: the found repository, the flags and -n make the options") {
  GlobalFlags globals;
  globals.ns = "shop";
  ValidateFlags flags;
  flags.repo = "deploy";  // a folder inside the work tree: the top level is what counts
  flags.path = "overlays/prod";
  flags.revision = "feature";
  flags.base = "origin/main";
  flags.helm = {{"envs/prod.yaml"}, {"image.tag=1.2"}};
  const auto options = to_validate_options(flags, globals, "/src/shop");
  CHECK(options.app.helm.files == std::vector<std::string>{"envs/prod.yaml"});
  CHECK(options.app.helm.set == std::vector<std::string>{"image.tag=1.2"});
  CHECK(options.app.source.repo == "/src/shop");
  CHECK(options.app.source.revision == "feature");
  CHECK(options.app.path == "overlays/prod");
  CHECK(options.app.default_namespace == "shop");
  CHECK(options.app.name.starts_with("shop-overlays-prod-"));
  CHECK(options.base_revision == "origin/main");
  CHECK(options.kubectl == "kubectl");
}

TEST_CASE("to_validate_options: a URL is validated as given, HEAD when no --revision") {
  const auto options =
      to_validate_options(ValidateFlags{}, GlobalFlags{}, "https://example.com/team/shop.git");
  CHECK(options.app.source.repo == "https://example.com/team/shop.git");
  CHECK(options.app.source.revision.empty());
  CHECK(options.app.name.starts_with("shop-"));
  CHECK(options.base_revision.empty());
  CHECK(options.app.default_namespace.empty());
}

TEST_CASE("to_validate_options: credentials may go to the host of --repo") {
  const auto options =
      to_validate_options(ValidateFlags{}, GlobalFlags{}, "https://example.com/team/shop.git");
  CHECK(options.app.source.credentials.host == "example.com");
  CHECK_FALSE(options.app.source.credentials.insecure_http);
  ValidateFlags insecure;
  insecure.insecure_http = true;
  CHECK(to_validate_options(insecure, GlobalFlags{}, "http://127.0.0.1:1/r")
            .app.source.credentials.insecure_http);
}

TEST_CASE("validate: bad flags exit 3 with the flag named, before any git access") {
  check_usage_errors({
      {{"validate", "--repo", "/nonexistent/repo", "-o", "xml"},
       "kubectl-gitops: error: --output: xml not in {table,json,yaml}"},
      {{"validate", "--repo", "/nonexistent/repo", "--prune"},
       "kubectl-gitops: error: The following argument was not expected: --prune"},
  });
}

TEST_CASE("validate: -h prints the usage and the output formats") {
  const auto run = check_help({"validate", "-h"}, "kubectl gitops validate [flags]");
  CHECK(run.out.find("--server-dry-run") != std::string::npos);
  // The deprecated "text" stays out of help.
  CHECK(run.out.find("Output format: table, json or yaml (default table)") != std::string::npos);
  CHECK(run.out.find("text,") == std::string::npos);
  CHECK(run.out.find(", text") == std::string::npos);
}
