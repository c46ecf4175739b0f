#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "cluster/kubectl_args.hpp"

using namespace kgitops;

namespace {

bool contains(const std::vector<std::string>& args, const std::string& arg) {
  return std::find(args.begin(), args.end(), arg) != args.end();
}

const ApiResource k_configmaps{"", "v1", "ConfigMap", "configmaps", true};
const ApiResource k_deployments{"apps", "v1", "Deployment", "deployments", true};
const ApiResource k_cluster_roles{"rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles",
                                  false};

}  // namespace

TEST_CASE("kubectl_args::base adds --kubeconfig and --context only when set") {
  ClusterOptions options;
  CHECK(kubectl_args::base(options) == std::vector<std::string>{"kubectl"});
  options.kubectl = "/opt/bin/kubectl";
  options.kubeconfig = "/home/me/.kube/other";
  CHECK(kubectl_args::base(options) ==
        std::vector<std::string>{"/opt/bin/kubectl", "--kubeconfig=/home/me/.kube/other"});
  options.context = "staging";
  CHECK(kubectl_args::base(options) == std::vector<std::string>{"/opt/bin/kubectl",
                                                                "--kubeconfig=/home/me/.kube/other",
                                                                "--context=staging"});
  options.kubeconfig.clear();
  CHECK(kubectl_args::base(options) ==
        std::vector<std::string>{"/opt/bin/kubectl", "--context=staging"});
}

TEST_CASE("kubectl_args::base impersonates the user and groups asked for, after the cluster") {
  ClusterOptions options;
  options.context = "prod";
  options.impersonate = {"system:serviceaccount:team-a:deployer", {"team-a", "deployers"}};
  CHECK(kubectl_args::base(options) ==
        std::vector<std::string>{"kubectl", "--context=prod",
                                 "--as=system:serviceaccount:team-a:deployer", "--as-group=team-a",
                                 "--as-group=deployers"});
  // Every call is built on base(): requests and applies impersonate too.
  const auto apply = kubectl_args::apply(options, DryRun::no);
  CHECK(std::count(apply.begin(), apply.end(), "--as=system:serviceaccount:team-a:deployer") == 1);
  // Groups alone are no impersonation (kubectl refuses them without --as).
  options.impersonate = {"", {"team-a"}};
  CHECK(kubectl_args::base(options) == std::vector<std::string>{"kubectl", "--context=prod"});
}

TEST_CASE("kubectl_args::request bounds each request; a process gets a few requests' worth") {
  ClusterOptions options;
  options.context = "prod";
  CHECK(kubectl_args::request(options) ==
        std::vector<std::string>{"kubectl", "--context=prod", "--request-timeout=30000ms"});
  CHECK(kubectl_args::process_deadline(options) == std::chrono::seconds(92));
  options.request_timeout = std::chrono::milliseconds(1500);
  CHECK(kubectl_args::request(options).back() == "--request-timeout=1500ms");
  CHECK(kubectl_args::process_deadline(options) == std::chrono::milliseconds(6'500));
  CHECK(contains(kubectl_args::apply(options, DryRun::no), "--request-timeout=1500ms"));
}

TEST_CASE("kubectl_args::apply is a forced server-side apply of stdin by our field manager") {
  ClusterOptions options;
  options.context = "prod";
  const auto args = kubectl_args::apply(options, DryRun::no);
  CHECK(args.front() == "kubectl");
  CHECK(contains(args, "--context=prod"));
  CHECK(contains(args, "apply"));
  CHECK(contains(args, "--server-side"));
  CHECK(contains(args, "--force-conflicts"));
  CHECK(contains(args, "--field-manager=kubectl-gitops"));
  const auto f = std::find(args.begin(), args.end(), "-f");
  REQUIRE(f != args.end());
  REQUIRE(f + 1 != args.end());
  CHECK(*(f + 1) == "-");
  const auto o = std::find(args.begin(), args.end(), "-o");
  REQUIRE(o != args.end());
  CHECK(*(o + 1) == "json");
  CHECK(std::none_of(args.begin(), args.end(),
                     [](const auto& arg) { return arg.starts_with("--dry-run"); }));

  const auto dry = kubectl_args::apply(options, DryRun::server);
  CHECK(contains(dry, "--dry-run=server"));
  CHECK(dry.size() == args.size() + 1);
  CHECK_FALSE(contains(args, "--validate=false"));
}

TEST_CASE("kubectl_args::apply skips kubectl's validation only when told to") {
  CHECK(contains(kubectl_args::apply(ClusterOptions{}, DryRun::no, false), "--validate=false"));
}

TEST_CASE("object_path is the REST path of one object") {
  CHECK(kubectl_args::object_path(k_configmaps, {"", "ConfigMap", "prod", "settings"}) ==
        "/api/v1/namespaces/prod/configmaps/settings");
  CHECK(kubectl_args::object_path(k_deployments, {"apps", "Deployment", "prod", "web"}) ==
        "/apis/apps/v1/namespaces/prod/deployments/web");
  CHECK(kubectl_args::object_path(k_cluster_roles,
                                  {"rbac.authorization.k8s.io", "ClusterRole", "", "view"}) ==
        "/apis/rbac.authorization.k8s.io/v1/clusterroles/view");
  const ApiResource namespaces{"", "v1", "Namespace", "namespaces", false};
  CHECK(kubectl_args::object_path(namespaces, {"", "Namespace", "", "prod"}) ==
        "/api/v1/namespaces/prod");
}

TEST_CASE("kubectl_args::annotate sets an annotation with --overwrite, or removes it") {
  ClusterOptions options;
  options.context = "prod";
  const ResourceKey key{"", "ConfigMap", "kubectl-gitops", "gitops-web"};
  CHECK(
      kubectl_args::annotate(options, k_configmaps, key, "gitops.kubectl.dev/suspended", "true") ==
      std::vector<std::string>{"kubectl", "--context=prod", "--request-timeout=30000ms", "annotate",
                               "configmaps", "gitops-web", "--namespace=kubectl-gitops",
                               "gitops.kubectl.dev/suspended=true", "--overwrite"});
  const auto off =
      kubectl_args::annotate(options, k_configmaps, key, "gitops.kubectl.dev/suspended", {});
  CHECK(off.back() == "gitops.kubectl.dev/suspended-");
  const auto cluster_scoped = kubectl_args::annotate(
      options, k_cluster_roles, {"rbac.authorization.k8s.io", "ClusterRole", "", "view"}, "a", "b");
  CHECK(cluster_scoped[4] == "clusterroles.rbac.authorization.k8s.io");
  CHECK(std::none_of(cluster_scoped.begin(), cluster_scoped.end(),
                     [](const auto& arg) { return arg.starts_with("--namespace"); }));
}
