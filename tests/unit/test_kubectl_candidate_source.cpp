#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include <sys/stat.h>

#include "complete/kubectl_candidate_source.hpp"
#include "core/temp_dir.hpp"

using namespace kgitops;

namespace {

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

TEST_CASE("app_names lists the app label of the inventory ConfigMaps") {
  FakeKubectl kubectl("web\\n\\napi\\n", 0);
  auto source = make_kubectl_candidate_source();
  auto apps = source->app_names(kubectl.cluster("/home/me/kubeconfig", "prod"));
  REQUIRE(apps);
  CHECK(*apps == std::vector<std::string>{"web", "api"});
  CHECK(kubectl.args() ==
        "--kubeconfig=/home/me/kubeconfig\n--context=prod\nget\nconfigmaps\n-n\nkubectl-gitops\n"
        "-l\ngitops.kubectl.dev/inventory=true\n-o\n"
        "jsonpath={range .items[*]}{.metadata.labels.gitops\\.kubectl\\.dev/app}{\"\\n\"}{end}\n"
        "--request-timeout=5000ms\n");
}

TEST_CASE("context_names and namespace_names read kubectl's -o name output") {
  FakeKubectl contexts("prod\\ndev\\n", 0);
  auto source = make_kubectl_candidate_source();
  auto names = source->context_names(contexts.cluster("k"));
  REQUIRE(names);
  CHECK(*names == std::vector<std::string>{"prod", "dev"});
  CHECK(contexts.args() == "--kubeconfig=k\nconfig\nget-contexts\n-o\nname\n");

  FakeKubectl namespaces("namespace/default\\nnamespace/kube-system\\n", 0);
  auto found = source->namespace_names(namespaces.cluster());
  REQUIRE(found);
  CHECK(*found == std::vector<std::string>{"default", "kube-system"});
  CHECK(namespaces.args() == "get\nnamespaces\n-o\nname\n--request-timeout=5000ms\n");
}

TEST_CASE("a failing kubectl is an error value, not an exception") {
  FakeKubectl kubectl("", 1);
  auto source = make_kubectl_candidate_source();
  auto apps = source->app_names(kubectl.cluster());
  REQUIRE_FALSE(apps);
  CHECK(apps.error().message == "kubectl get configmaps failed: error: something failed");

  ClusterOptions missing;
  missing.kubectl = (kubectl.dir.path() / "no-such-kubectl").string();
  CHECK_FALSE(source->namespace_names(missing));
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
  auto source = make_kubectl_candidate_source(std::chrono::milliseconds(100));
  const auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(source->app_names(cluster));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
}
