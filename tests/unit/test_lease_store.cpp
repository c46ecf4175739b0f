#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cluster/lease_store.hpp"

using namespace kgitops;

TEST_CASE("lease_argv: get by name, create and replace from stdin, each with a request timeout") {
  ClusterOptions options;
  options.context = "prod";
  CHECK(lease_argv(options, "get", "kubectl-gitops", "agent") ==
        std::vector<std::string>{"kubectl", "--context=prod", "--request-timeout=30000ms", "get",
                                 "leases.coordination.k8s.io", "agent", "--ignore-not-found",
                                 "--namespace=kubectl-gitops", "-o", "json"});
  CHECK(lease_argv(options, "replace", "kubectl-gitops", "agent") ==
        std::vector<std::string>{"kubectl", "--context=prod", "--request-timeout=30000ms",
                                 "replace", "-f", "-", "--namespace=kubectl-gitops", "-o", "json"});
  CHECK(lease_argv(options, "create", "ns", "agent")[3] == "create");
}
