#include <doctest/doctest.h>

#include "cli/reach_flags.hpp"
#include "cli_runner.hpp"

using namespace kgitops;
using namespace kgitops::testing;

namespace {

ReachFlags parse_reach(const std::vector<std::string>& args) {
  return parse_command<ReachFlags>("sync", add_reach_flags, args);
}

}  // namespace

TEST_CASE("reach flags: by default nothing is restricted and nobody impersonated") {
  const auto flags = parse_reach({});
  CHECK_FALSE(flags.any());
  const auto reach = value_of(to_reach(flags));
  CHECK(reach.namespaces.empty());
  CHECK(reach.kinds.empty());
  CHECK(reach.cluster_scoped);
  CHECK(reach.identity == Impersonation{});
}

TEST_CASE("reach flags: each lands in the app's reach; the lists repeat") {
  const auto flags = parse_reach(
      {"--allow-namespace", "team-a", "--allow-namespace", "team-c", "--allow-kind",
       "apps/Deployment", "--allow-kind", "ConfigMap", "--no-cluster-scoped", "--as",
       "system:serviceaccount:team-a:deployer", "--as-group", "team-a", "--as-group", "deployers"});
  CHECK(flags.any());
  const auto reach = value_of(to_reach(flags));
  CHECK(reach.namespaces == std::vector<std::string>{"team-a", "team-c"});
  CHECK(reach.kinds == std::vector<std::string>{"apps/Deployment", "ConfigMap"});
  CHECK_FALSE(reach.cluster_scoped);
  CHECK(reach.identity.user == "system:serviceaccount:team-a:deployer");
  CHECK(reach.identity.groups == std::vector<std::string>{"team-a", "deployers"});
}

TEST_CASE("reach flags: malformed values are refused, naming what is wrong") {
  CHECK(error_message(to_reach(parse_reach({"--as-group", "admins"}))) ==
        "--as-group goes with --as");
  CHECK(error_message(to_reach(parse_reach({"--allow-kind", "apps/v1/Deployment"})))
            .find("Kind or group/Kind") != std::string::npos);
  CHECK(error_message(to_reach(parse_reach({"--allow-namespace", "Team_A"})))
            .find("'Team_A' is not a namespace name") != std::string::npos);
  CHECK(error_message(to_reach(parse_reach({"--as", "system:serviceaccount:deployer"})))
            .find("system:serviceaccount:<namespace>:<name>") != std::string::npos);
}
