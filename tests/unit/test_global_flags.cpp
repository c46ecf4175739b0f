#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "cli/global_flags.hpp"
#include "cli_runner.hpp"
#include "core/exit_codes.hpp"

using namespace kgitops;
using namespace kgitops::testing;

namespace {

GlobalFlags parse_globals(const std::vector<std::string>& args) {
  return parse_command<GlobalFlags>("root", add_global_flags, args);
}

}  // namespace

TEST_CASE("global flags: kubectl's --kubeconfig, --context and -n land in their fields") {
  const auto globals =
      parse_globals({"--kubeconfig", "/etc/kube/prod.yaml", "--context", "prod", "-n", "shop"});
  CHECK(globals.kubeconfig == "/etc/kube/prod.yaml");
  CHECK(globals.context == "prod");
  CHECK(globals.ns == "shop");
  CHECK(parse_globals({"--namespace", "web"}).ns == "web");
  CHECK(parse_globals({"--context=staging"}).context == "staging");
}

TEST_CASE("global flags: left out, each is empty, so kubectl's own defaults apply") {
  const auto globals = parse_globals({});
  CHECK(globals.kubeconfig.empty());
  CHECK(globals.context.empty());
  CHECK(globals.ns.empty());
}

TEST_CASE("global flags: they work after a subcommand, as kubectl passes them") {
  CLI::App app{"root", "kubectl gitops"};
  GlobalFlags globals;
  add_global_flags(app, globals);
  app.fallthrough();
  app.add_subcommand("status", "");
  parse_flags(app, {"status", "--context", "prod", "-n", "shop", "--kubeconfig", "/k"});
  CHECK(globals.context == "prod");
  CHECK(globals.ns == "shop");
  CHECK(globals.kubeconfig == "/k");
}

TEST_CASE("cluster_options: the kubeconfig and context go to every kubectl; -n does not") {
  GlobalFlags globals;
  globals.kubeconfig = "/etc/kube/prod.yaml";
  globals.context = "prod";
  globals.ns = "shop";
  const auto options = globals.cluster_options();
  CHECK(options.kubectl == "kubectl");
  CHECK(options.kubeconfig == "/etc/kube/prod.yaml");
  CHECK(options.context == "prod");
  const auto defaults = GlobalFlags{}.cluster_options();
  CHECK(defaults.kubeconfig.empty());
  CHECK(defaults.context.empty());
}

TEST_CASE("global flags: the transport is http, or kubectl when --transport kubectl says so") {
  CHECK(GlobalFlags{}.cluster_options().transport == Transport::http);
  CHECK(parse_globals({}).cluster_options().transport == Transport::http);
  CHECK(parse_globals({"--transport", "kubectl"}).cluster_options().transport ==
        Transport::kubectl);
  CHECK(parse_globals({"--transport=http"}).cluster_options().transport == Transport::http);
}

TEST_CASE("global flags: one without its value exits 3, naming it") {
  for (const std::string flag : {"--kubeconfig", "--context", "-n"}) {
    CAPTURE(flag);
    CapturedErrors err;
    CHECK(run_cli_with({"version", flag}) == to_int(ExitCode::usage));
    CHECK(err.text.str().starts_with(
        "kubectl-gitops: error: " + std::string(flag == "-n" ? "--namespace" : flag) +
        ": 1 required TEXT missing"));
  }
}

TEST_CASE(
    "global flags: --request-timeout and --git-timeout become durations, 30s and 2m unless given") {
  const auto defaults = GlobalFlags{};
  CHECK(defaults.cluster_options().request_timeout == std::chrono::seconds(30));
  CHECK(defaults.git_fetch_timeout() == std::chrono::minutes(2));
  const auto globals = parse_globals({"--request-timeout", "5s", "--git-timeout=1m30s"});
  CHECK(globals.cluster_options().request_timeout == std::chrono::seconds(5));
  CHECK(globals.git_fetch_timeout() == std::chrono::seconds(90));
  CHECK(parse_globals({"--request-timeout=250ms"}).cluster_options().request_timeout ==
        std::chrono::milliseconds(250));
}

TEST_CASE("global flags: a timeout that is no duration, or zero, exits 3, naming the flag") {
  for (const std::string value :
       {"--request-timeout=soon", "--git-timeout=0", "--request-timeout=0s"}) {
    CAPTURE(value);
    CapturedErrors err;
    CHECK(run_cli_with({"version", value}) == to_int(ExitCode::usage));
    CHECK(err.text.str().starts_with("kubectl-gitops: error: --" +
                                     value.substr(2, value.find('=') - 2)));
  }
}
