#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include <sys/stat.h>

#include "cluster/name_lookup.hpp"
#include "core/temp_dir.hpp"

using namespace kgitops;

namespace {

const std::chrono::milliseconds k_timeout = std::chrono::seconds(5);

// A stand-in kubectl: records its arguments, one a line, then prints `output`
// and exits with `status`.
struct FakeKubectl {
  TempDir dir{"kgitops-fake-kubectl"};
  std::filesystem::path program = dir.path() / "kubectl";
  std::filesystem::path args_file = dir.path() / "args";

  FakeKubectl(const std::string& output, int status) {
    std::ofstream script(program);
    script << "#!/bin/sh\n"
           << "printf '%s\\n' \"$@\" > '" << args_file.string() << "'\n"
           << "printf '" << output << "'\n"
           << "echo 'error: something failed' >&2\n"
           << "exit " << status << "\n";
    script.close();
    ::chmod(program.c_str(), 0755);
  }

  std::string args() const {
    std::ifstream in(args_file);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  ClusterOptions cluster(const std::string& kubeconfig = "", const std::string& context = "") {
    ClusterOptions options;
    options.kubectl = program.string();
    options.kubeconfig = kubeconfig;
    options.context = context;
    return options;
  }
};

}  // namespace

TEST_CASE("inventory_app_names lists the app label of the inventory ConfigMaps") {
  FakeKubectl kubectl("web\\n\\napi\\n", 0);
  auto apps = inventory_app_names(kubectl.cluster("/home/me/kubeconfig", "prod"), k_timeout);
  REQUIRE(apps);
  CHECK(*apps == std::vector<std::string>{"web", "api"});
  CHECK(kubectl.args() ==
        "--kubeconfig=/home/me/kubeconfig\n--context=prod\nget\nconfigmaps\n-n\nkubectl-gitops\n"
        "-l\ngitops.kubectl.dev/inventory=true\n-o\n"
        "jsonpath={range .items[*]}{.metadata.labels.gitops\\.kubectl\\.dev/app}{\"\\n\"}{end}\n"
        "--request-timeout=5000ms\n");
}

TEST_CASE("kubeconfig_context_names and namespace_names read kubectl's -o name output") {
  FakeKubectl contexts("prod\\ndev\\n", 0);
  auto names = kubeconfig_context_names(contexts.cluster("k"), k_timeout);
  REQUIRE(names);
  CHECK(*names == std::vector<std::string>{"prod", "dev"});
  CHECK(contexts.args() == "--kubeconfig=k\nconfig\nget-contexts\n-o\nname\n");

  FakeKubectl namespaces("namespace/default\\nnamespace/kube-system\\n", 0);
  auto found = namespace_names(namespaces.cluster(), k_timeout);
  REQUIRE(found);
  CHECK(*found == std::vector<std::string>{"default", "kube-system"});
  CHECK(namespaces.args() == "get\nnamespaces\n-o\nname\n--request-timeout=5000ms\n");
}

TEST_CASE("a failing kubectl is an error value, not an exception") {
  FakeKubectl kubectl("", 1);
  auto apps = inventory_app_names(kubectl.cluster(), k_timeout);
  REQUIRE_FALSE(apps);
  CHECK(apps.error().message == "kubectl get configmaps failed: error: something failed");

  ClusterOptions missing;
  missing.kubectl = (kubectl.dir.path() / "no-such-kubectl").string();
  CHECK_FALSE(namespace_names(missing, k_timeout));
}

TEST_CASE("a kubectl that hangs is stopped after the timeout") {
  TempDir dir("kgitops-slow-kubectl");
  const auto program = dir.path() / "kubectl";
  {
    std::ofstream script(program);
    script << "#!/bin/sh\nexec sleep 30\n";
  }
  ::chmod(program.c_str(), 0755);
  ClusterOptions cluster;
  cluster.kubectl = program.string();
  const std::chrono::milliseconds timeout(100);
  const auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(inventory_app_names(cluster, timeout));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
}
