#include <doctest/doctest.h>

#include "engine/reach.hpp"

using namespace kgitops;

namespace {

const ResourceKey k_config_a{"", "ConfigMap", "team-a", "settings"};
const ResourceKey k_config_b{"", "ConfigMap", "team-b", "settings"};
const ResourceKey k_deployment_a{"apps", "Deployment", "team-a", "web"};
const ResourceKey k_namespace_a{"", "Namespace", "", "team-a"};
const ResourceKey k_namespace_b{"", "Namespace", "", "team-b"};
const ResourceKey k_cluster_role{"rbac.authorization.k8s.io", "ClusterRole", "", "reader"};

Reach namespaces(std::vector<std::string> allowed) {
  Reach reach;
  reach.namespaces = std::move(allowed);
  return reach;
}

}  // namespace

TEST_CASE("reach: an empty reach allows everything") {
  const Reach reach;
  for (const auto& [key, namespaced] :
       {std::pair{k_config_b, true}, std::pair{k_namespace_b, false},
        std::pair{k_cluster_role, false}}) {
    CHECK_FALSE(reach_violation(key, namespaced, reach).has_value());
  }
}

TEST_CASE("reach: namespaced objects and Namespaces must be among the allowed namespaces") {
  const auto reach = namespaces({"team-a", "team-c"});
  CHECK_FALSE(reach_violation(k_config_a, true, reach).has_value());
  CHECK_FALSE(reach_violation(k_namespace_a, false, reach).has_value());
  CHECK(reach_violation(k_config_b, true, reach) ==
        "namespace team-b is not one of the allowed namespaces (team-a, team-c)");
  CHECK(reach_violation(k_namespace_b, false, reach) ==
        "Namespace team-b is not one of the allowed namespaces (team-a, team-c)");
  // Allowed namespaces alone say nothing of other cluster-scoped kinds.
  CHECK_FALSE(reach_violation(k_cluster_role, false, reach).has_value());
}

TEST_CASE("reach: what is cluster-scoped is what discovery says, not the key") {
  Reach reach;
  reach.cluster_scoped = false;
  // A kind the cluster serves as cluster-scoped, whatever its name.
  const ResourceKey custom{"example.com", "Widget", "", "w"};
  CHECK(reach_violation(custom, false, reach) ==
        "example.com/Widget is cluster-scoped, and cluster-scoped kinds are not allowed");
  CHECK_FALSE(reach_violation(ResourceKey{"example.com", "Widget", "team-a", "w"}, true, reach));
  CHECK(reach_violation(k_cluster_role, false, reach).has_value());
}

TEST_CASE("reach: without cluster-scoped kinds, a Namespace passes only when it is allowed") {
  auto reach = namespaces({"team-a"});
  reach.cluster_scoped = false;
  CHECK_FALSE(reach_violation(k_namespace_a, false, reach).has_value());
  CHECK(reach_violation(k_namespace_b, false, reach) ==
        "Namespace team-b is not one of the allowed namespaces (team-a)");
  reach.namespaces.clear();
  const auto refused = reach_violation(k_namespace_a, false, reach);
  REQUIRE(refused.has_value());
  CHECK(refused->find("Namespace is cluster-scoped") != std::string::npos);
  CHECK(refused->find("a Namespace only when it is an allowed namespace") != std::string::npos);
}

TEST_CASE("reach: kind rules name a kind in any group, or in one group") {
  CHECK(kind_rule_matches("Deployment", k_deployment_a));
  CHECK(kind_rule_matches("apps/Deployment", k_deployment_a));
  CHECK_FALSE(kind_rule_matches("extensions/Deployment", k_deployment_a));
  CHECK_FALSE(kind_rule_matches("deployment", k_deployment_a));  // kinds are case-sensitive
  CHECK(kind_rule_matches("ConfigMap", k_config_a));
  CHECK(kind_rule_matches("core/ConfigMap", k_config_a));
  CHECK_FALSE(kind_rule_matches("apps/ConfigMap", k_config_a));
}

TEST_CASE("reach: with allowed kinds, only those; every broken rule is named") {
  auto reach = namespaces({"team-a"});
  reach.kinds = {"apps/Deployment", "ConfigMap"};
  CHECK_FALSE(reach_violation(k_deployment_a, true, reach).has_value());
  CHECK_FALSE(reach_violation(k_config_a, true, reach).has_value());
  CHECK(reach_violation(k_namespace_a, false, reach) ==
        "kind Namespace is not one of the allowed kinds (apps/Deployment, ConfigMap)");
  const ResourceKey secret_b{"", "Secret", "team-b", "db"};
  CHECK(reach_violation(secret_b, true, reach) ==
        "namespace team-b is not one of the allowed namespaces (team-a); kind Secret is not one "
        "of the allowed kinds (apps/Deployment, ConfigMap)");
}

TEST_CASE("reach: validation of namespaces, kinds and the identity") {
  CHECK(validate_reach(Reach{}));
  CHECK(validate_reach(namespaces({"team-a", "a1"})));
  CHECK_FALSE(validate_reach(namespaces({"Team-A"})));
  CHECK_FALSE(validate_reach(namespaces({""})));
  CHECK_FALSE(validate_reach(namespaces({"-a"})));
  Reach reach;
  for (const auto* good :
       {"Deployment", "apps/Deployment", "core/ConfigMap", "example.com/Widget"}) {
    reach.kinds = {good};
    CHECK_MESSAGE(validate_reach(reach), good);
  }
  for (const auto* bad :
       {"", "/Deployment", "apps/", "apps/v1/Deployment", "Deploy ment", "1Kind"}) {
    reach.kinds = {bad};
    const auto valid = validate_reach(reach);
    REQUIRE_MESSAGE(!valid, bad);
    CHECK(valid.error().message.find("Kind or group/Kind") != std::string::npos);
  }
  reach.kinds.clear();
  reach.identity = {"jane", {"developers"}};
  CHECK(validate_reach(reach));
  reach.identity = {"system:serviceaccount:team-a:deployer", {}};
  CHECK(validate_reach(reach));
  for (const auto* bad : {"system:serviceaccount:team-a", "system:serviceaccount::deployer",
                          "system:serviceaccount:team-a:", "system:serviceaccount:a:b:c"}) {
    reach.identity = {bad, {}};
    CHECK_MESSAGE(!validate_reach(reach), bad);
  }
  reach.identity = {"", {"developers"}};
  CHECK_FALSE(validate_reach(reach));
  reach.identity = {"jane", {""}};
  CHECK_FALSE(validate_reach(reach));
}

TEST_CASE("reach: its identity is what every kubectl of the app acts as") {
  ClusterOptions base;
  base.context = "prod";
  Reach reach;
  reach.identity = {"system:serviceaccount:team-a:deployer", {"team-a"}};
  const auto options = cluster_options_for(base, reach);
  CHECK(options.context == "prod");
  CHECK(options.impersonate == reach.identity);
  CHECK(cluster_options_for(base, Reach{}).impersonate == Impersonation{});
}
