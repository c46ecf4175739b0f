#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cli/audit_command.hpp"
#include "cli/global_flags.hpp"
#include "cli_runner.hpp"

using namespace kgitops;
using namespace kgitops::testing;

namespace {

AuditFlags parse_audit(const std::vector<std::string>& args) {
  return parse_command<AuditFlags>("audit", add_audit_flags, args);
}

AuditRequest request_of(const std::vector<std::string>& args, const GlobalFlags& globals = {}) {
  return value_of(to_audit_request(parse_audit(args), globals));
}

std::string error_of(const std::vector<std::string>& args) {
  return error_message(to_audit_request(parse_audit(args), GlobalFlags{}));
}

}  // namespace

TEST_CASE("audit: the defaults are a table, no --fail-on, no app") {
  const auto flags = parse_audit({});
  CHECK(flags.output == "table");
  CHECK_FALSE(flags.all_apps);
  CHECK(flags.fail_on.empty());
  CHECK(flags.source.repo.empty());
  CHECK(flags.source.app.empty());
}

TEST_CASE("audit: --app alone audits that app against its recorded source") {
  const auto request = request_of({"--app", "shop", "--ignore-manager", "kube-controller-manager"});
  CHECK(request.target == AuditTarget::recorded);
  CHECK(request.app.name == "shop");
  CHECK(request.app.source.repo.empty());
  CHECK(request.app.ignore_managers == std::vector<std::string>{"kube-controller-manager"});
  CHECK(request.fail_on.empty());
}

TEST_CASE("audit: --repo audits against that repository, with every source flag") {
  GlobalFlags globals;
  globals.ns = "shop";
  const auto request =
      request_of({"--repo", "https://example.com/shop.git", "--revision", "feature", "--path",
                  "deploy", "--app", "storefront", "--ignore-manager", "hpa", "-o", "json"},
                 globals);
  CHECK(request.target == AuditTarget::repo);
  CHECK(request.app.name == "storefront");
  CHECK(request.app.source.repo == "https://example.com/shop.git");
  CHECK(request.app.source.revision == "feature");
  CHECK(request.app.path == "deploy");
  CHECK(request.app.default_namespace == "shop");
  CHECK(request.app.ignore_managers == std::vector<std::string>{"hpa"});
  CHECK(request_of({"--repo", "https://example.com/shop.git"}).app.name.starts_with("shop-"));
}

TEST_CASE("audit: -A audits every app; --fail-on takes a comma list, repeatable") {
  const auto flags = parse_audit({"-A", "--fail-on", "drift,orphan", "--fail-on", "foreign",
                                  "--output", "yaml", "--ignore-manager", "hpa"});
  CHECK(flags.all_apps);
  CHECK(flags.output == "yaml");
  CHECK(flags.fail_on == std::vector<std::string>{"drift", "orphan", "foreign"});
  const auto request = value_of(to_audit_request(flags, GlobalFlags{}));
  CHECK(request.target == AuditTarget::all_apps);
  CHECK(request.fail_on == std::vector<AuditCategory>{AuditCategory::drift, AuditCategory::orphan,
                                                      AuditCategory::foreign});
  CHECK(request.app.ignore_managers == std::vector<std::string>{"hpa"});
  CHECK(request_of({"--all-apps", "--fail-on", "conflict"}).fail_on ==
        std::vector<AuditCategory>{AuditCategory::conflict});
}

TEST_CASE("audit: recorded repositories get credentials only for --auth-host hosts") {
  CHECK(request_of({"--app", "shop"}).trusted.hosts.empty());
  const auto request = request_of(
      {"-A", "--auth-host", "git.example.com", "--auth-host", "127.0.0.1:8080", "--insecure-http"});
  CHECK(request.trusted.hosts == std::vector<std::string>{"git.example.com", "127.0.0.1:8080"});
  CHECK(request.trusted.insecure_http);
  // With --repo, the user named the repository itself: its host may have them.
  const auto with_repo = request_of({"--repo", "https://git.example.com/shop.git"});
  CHECK(with_repo.app.source.credentials.host == "git.example.com");
  CHECK(error_of({"--repo", "https://git.example.com/shop.git", "--auth-host", "git.example.com"})
            .starts_with("--auth-host is for the repositories the cluster records"));
  CHECK_THROWS_AS(parse_audit({"-A", "--auth-host", "https://git.example.com"}),
                  CLI::ValidationError);
}

TEST_CASE("audit: bad or conflicting flags are refused, naming the flag") {
  CHECK(error_of({}) == "audit needs --app, --repo or -A");
  CHECK(error_of({"-A", "--fail-on", "drift,drfit"}) ==
        "--fail-on: unknown category 'drfit' (use drift, orphan, conflict, foreign)");
  CHECK(error_of({"--app", "Shop"}).starts_with("--app: invalid app name 'Shop'"));
  CHECK(error_of({"--repo", "r", "--app", "Shop"}).starts_with("--app: invalid app name 'Shop'"));
  // Flags that would be ignored: the audit would not be the one asked for.
  CHECK(error_of({"-A", "--app", "shop"}) ==
        "-A audits every app the cluster records: give --app without -A to audit one app");
  CHECK(error_of({"-A", "--repo", "r"}) ==
        "-A audits every app the cluster records: give --repo without -A to audit one app");
  CHECK(error_of({"--app", "shop", "--revision", "feature"})
            .starts_with("--revision goes with --repo"));
  CHECK(error_of({"--app", "shop", "--path", "deploy"}).starts_with("--path goes with --repo"));
  CHECK(error_of({"-A", "--path", "deploy"}).starts_with("--path goes with --repo"));
}

TEST_CASE("audit: bad flags exit 3 with the flag named, before any cluster or git access") {
  check_usage_errors({
      {{"audit"}, "kubectl-gitops: error: audit needs --app, --repo or -A\n"},
      {{"audit", "-A", "--fail-on", "dirft"},
       "kubectl-gitops: error: --fail-on: unknown category 'dirft'"},
      {{"audit", "-A", "-o", "csv"},
       "kubectl-gitops: error: --output: csv not in {table,json,yaml}"},
      {{"audit", "-A", "--app", "shop"}, "kubectl-gitops: error: -A audits every app"},
      {{"audit", "--app", "shop", "--revision", "v2"},
       "kubectl-gitops: error: --revision goes with --repo"},
      {{"audit", "--app", "Shop"}, "kubectl-gitops: error: --app: invalid app name 'Shop'"},
  });
}

TEST_CASE("audit: -h prints the usage and the --fail-on categories") {
  const auto run = check_help({"audit", "-h"}, "kubectl gitops audit [flags]");
  CHECK(run.out.find("drift, orphan, conflict, foreign") != std::string::npos);
}
