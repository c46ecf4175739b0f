#include <doctest/doctest.h>

#include "fake_cluster.hpp"
#include "watch/suspend.hpp"

using namespace kgitops;

TEST_CASE("suspend annotates the inventory ConfigMap, resume removes the annotation") {
  ClusterOptions options;
  options.context = "prod";
  const auto on = suspend_argv(options, "web", true);
  CHECK(on == std::vector<std::string>{"kubectl", "--context=prod", "--request-timeout=30000ms",
                                       "annotate", "configmap", "gitops-web",
                                       "--namespace=kubectl-gitops",
                                       "gitops.kubectl.dev/suspended=true", "--overwrite"});
  const auto off = suspend_argv(options, "web", false);
  CHECK(off.back() == "gitops.kubectl.dev/suspended-");
}

TEST_CASE("an app never synced cannot be suspended") {
  kgitops::testing::FakeCluster cluster;
  auto result = set_suspended(cluster, ClusterOptions{}, "web", true);
  REQUIRE_FALSE(result);
  CHECK(result.error().message.find("sync it first") != std::string::npos);
}
