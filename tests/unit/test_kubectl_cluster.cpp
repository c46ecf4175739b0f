#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "api_resources_tables.hpp"
#include "cluster/kubectl_cluster.hpp"
#include "core/temp_dir.hpp"

using namespace kgitops;
using test::k_api_resources;

namespace {

// A kubectl stand-in: a shell script that logs its arguments, one call per
// line, and answers each subcommand the way kubectl does.
class FakeKubectl {
 public:
  explicit FakeKubectl(const std::string& behaviour) : m_dir("kgitops-fake-kubectl-") {
    const auto script = m_dir.path() / "kubectl";
    std::ofstream(script) << "#!/bin/sh\n"
                          << "echo \"$*\" >> '" << log_path().string() << "'\n"
                          << behaviour;
    std::filesystem::permissions(script, std::filesystem::perms::owner_all);
    options.kubectl = script.string();
  }
  std::filesystem::path log_path() const { return m_dir.path() / "calls.log"; }
  std::vector<std::string> calls() const {
    std::ifstream in(log_path());
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) {
      lines.push_back(line);
    }
    return lines;
  }
  ClusterOptions options;

 private:
  TempDir m_dir;
};

Json config_map(const std::string& name, const std::string& ns) {
  Json object{{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", name}}}};
  if (!ns.empty()) {
    object["metadata"]["namespace"] = ns;
  }
  return object;
}

const ApiResource k_configmaps{"", "v1", "ConfigMap", "configmaps", true};
const ApiResource k_deployments{"apps", "v1", "Deployment", "deployments", true};
const ApiResource k_cluster_roles{"rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles",
                                  false};

}  // namespace

TEST_CASE("qualified_resource names the group except for the core group") {
  CHECK(k_configmaps.qualified_resource() == "configmaps");
  CHECK(k_deployments.qualified_resource() == "deployments.apps");
  CHECK(k_cluster_roles.qualified_resource() == "clusterroles.rbac.authorization.k8s.io");
}

TEST_CASE("a kubectl that hangs past its deadline is killed and is an error") {
  FakeKubectl kubectl("exec sleep 30\n");
  // The deadline is 3 request timeouts plus 2 s: 2.3 s here.
  kubectl.options.request_timeout = std::chrono::milliseconds(100);
  auto cluster = make_kubectl_cluster(kubectl.options);
  const auto started = std::chrono::steady_clock::now();
  auto listed = cluster->list({k_configmaps}, "a=b");
  const auto took = std::chrono::steady_clock::now() - started;
  REQUIRE_FALSE(listed.has_value());
  CHECK(listed.error().message.find("timed out after 2300 ms") != std::string::npos);
  CHECK(took < std::chrono::seconds(10));
}

TEST_CASE("a cluster without validation applies with --validate=false") {
  FakeKubectl kubectl("cat\n");
  auto cluster = make_kubectl_cluster_without_validation(kubectl.options);
  REQUIRE(cluster->apply({config_map("a", "prod")}, DryRun::no).has_value());
  REQUIRE(kubectl.calls().size() == 1);
  CHECK(kubectl.calls().front().find("--validate=false") != std::string::npos);
}

TEST_CASE("apply_parallelism: one process per 20 objects, at least 1 and at most 8") {
  CHECK(apply_parallelism(0) == 1);
  CHECK(apply_parallelism(1) == 1);
  CHECK(apply_parallelism(20) == 1);
  CHECK(apply_parallelism(21) == 2);
  CHECK(apply_parallelism(60) == 3);
  CHECK(apply_parallelism(61) == 4);
  CHECK(apply_parallelism(160) == 8);
  CHECK(apply_parallelism(161) == 8);
  CHECK(apply_parallelism(100000) == 8);
}

TEST_CASE("api_resources runs kubectl api-resources and parses it") {
  std::ostringstream behaviour;
  behaviour << "cat <<'TABLE'\n" << k_api_resources.substr(1) << "TABLE\n";
  FakeKubectl kubectl(behaviour.str());
  kubectl.options.context = "kind-test";
  auto cluster = make_kubectl_cluster(kubectl.options);
  auto resources = cluster->api_resources();
  REQUIRE(resources.has_value());
  CHECK(resources->size() == 46);
  REQUIRE(kubectl.calls().size() == 1);
  CHECK(kubectl.calls().front() ==
        "--context=kind-test --request-timeout=30000ms api-resources -o wide");
}

TEST_CASE("a failing kubectl is an error carrying its message") {
  FakeKubectl kubectl(
      "echo 'error: You must be logged in to the server (Unauthorized)' >&2\nexit 1\n");
  auto cluster = make_kubectl_cluster(kubectl.options);
  auto resources = cluster->api_resources();
  REQUIRE_FALSE(resources.has_value());
  CHECK(resources.error().message.find("Unauthorized") != std::string::npos);
  auto listed = cluster->list({k_configmaps}, "a=b");
  REQUIRE_FALSE(listed.has_value());
  CHECK(listed.error().message.find("Unauthorized") != std::string::npos);
}

TEST_CASE("list asks for every kind in one kubectl get across namespaces") {
  FakeKubectl kubectl(
      "echo '{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":["
      "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\",\"namespace\":"
      "\"x\"}},"
      "{\"apiVersion\":\"apps/"
      "v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"b\",\"namespace\":\"x\"}}]}'\n");
  auto cluster = make_kubectl_cluster(kubectl.options);
  auto listed = cluster->list({k_configmaps, k_deployments}, "gitops.kubectl.dev/app=shop");
  REQUIRE(listed.has_value());
  REQUIRE(listed->size() == 2);
  CHECK(name_of((*listed)[1]) == "b");
  REQUIRE(kubectl.calls().size() == 1);
  CHECK(kubectl.calls().front() ==
        "--request-timeout=30000ms get configmaps,deployments.apps --all-namespaces -o json "
        "--show-managed-fields -l "
        "gitops.kubectl.dev/app=shop");
  CHECK(cluster->list({}, "a=b")->empty());
  CHECK(kubectl.calls().size() == 1);  // nothing to list: kubectl is not run
}

TEST_CASE("get returns nullopt for an object that does not exist") {
  FakeKubectl kubectl(
      "case \"$*\" in\n"
      "  *absent*) ;;\n"
      "  *) echo '{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"here\"}}' "
      ";;\n"
      "esac\n");
  auto cluster = make_kubectl_cluster(kubectl.options);
  auto found = cluster->get(k_configmaps, "prod", "here");
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  CHECK(name_of(**found) == "here");
  auto absent = cluster->get(k_configmaps, "prod", "absent");
  REQUIRE(absent.has_value());
  CHECK_FALSE(absent->has_value());
  cluster->get(k_cluster_roles, "", "view");
  const auto calls = kubectl.calls();
  REQUIRE(calls.size() == 3);
  CHECK(calls[0] ==
        "--request-timeout=30000ms get configmaps here -o json --ignore-not-found "
        "--show-managed-fields --namespace=prod");
  CHECK(calls[2] ==
        "--request-timeout=30000ms get clusterroles.rbac.authorization.k8s.io view -o json "
        "--ignore-not-found "
        "--show-managed-fields");
}

TEST_CASE("apply splits many objects over several kubectl processes and keeps their order") {
  // kubectl answers a List with the List of applied objects; echo stdin back.
  FakeKubectl kubectl("cat\n");
  auto cluster = make_kubectl_cluster(kubectl.options);
  std::vector<Json> objects;
  for (int i = 0; i < 45; ++i) {
    objects.push_back(config_map("cm" + std::to_string(i), "prod"));
  }
  auto results = cluster->apply(objects, DryRun::server);
  REQUIRE(results.has_value());
  REQUIRE(results->size() == 45);
  for (std::size_t i = 0; i < 45; ++i) {
    CAPTURE(i);
    CHECK((*results)[i].key == key_of(objects[i]));
    CHECK((*results)[i].error.empty());
    REQUIRE((*results)[i].live.has_value());
    CHECK(*(*results)[i].live == objects[i]);
  }
  const auto calls = kubectl.calls();
  CHECK(calls.size() == apply_parallelism(45));
  for (const auto& call : calls) {
    CHECK(call.find("apply --server-side --force-conflicts") != std::string::npos);
    CHECK(call.find("--dry-run=server") != std::string::npos);
  }
}

TEST_CASE("apply matches an object without a namespace to the one kubectl defaulted") {
  FakeKubectl kubectl(
      "echo '{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
      "\"metadata\":{\"name\":\"settings\",\"namespace\":\"default\",\"uid\":\"u1\"}}'\n");
  auto cluster = make_kubectl_cluster(kubectl.options);
  auto results = cluster->apply({config_map("settings", "")}, DryRun::no);
  REQUIRE(results.has_value());
  REQUIRE(results->front().live.has_value());
  CHECK(results->front().error.empty());
  CHECK(namespace_of(*results->front().live) == "default");
}

TEST_CASE("a failed apply gives each object the lines of kubectl's error about it") {
  FakeKubectl kubectl(
      "cat > /dev/null\n"
      "echo 'Error from server (Forbidden): error when applying patch to configmaps \"bad\": "
      "denied by policy' >&2\n"
      "exit 1\n");
  auto cluster = make_kubectl_cluster(kubectl.options);
  auto results = cluster->apply({config_map("bad", "prod")}, DryRun::no);
  REQUIRE(results.has_value());
  REQUIRE(results->size() == 1);
  CHECK_FALSE(results->front().live.has_value());
  CHECK(results->front().error.find("denied by policy") != std::string::npos);
  CHECK(kubectl.calls().size() == 1);
}

TEST_CASE("one failing object in a batch is named alone: the batch is retried object by object") {
  // Like kubectl: when any object of the List fails, nothing is printed.
  FakeKubectl kubectl(
      "input=$(cat)\n"
      "case \"$input\" in\n"
      "  *'\"bad\"'*) echo 'Error from server (Forbidden): error when applying patch to "
      "configmaps \"bad\": denied by policy' >&2; exit 1;;\n"
      "esac\n"
      "printf '%s' \"$input\"\n");
  auto cluster = make_kubectl_cluster(kubectl.options);
  auto results = cluster->apply(
      {config_map("good", "prod"), config_map("bad", "prod"), config_map("fine", "prod")},
      DryRun::no);
  REQUIRE(results.has_value());
  REQUIRE(results->size() == 3);
  CHECK((*results)[0].error.empty());
  CHECK((*results)[0].live.has_value());
  CHECK_FALSE((*results)[1].live.has_value());
  CHECK((*results)[1].error.find("denied by policy") != std::string::npos);
  CHECK((*results)[2].error.empty());
  CHECK((*results)[2].live.has_value());
  CHECK(kubectl.calls().size() == 4);  // the batch, then each of its 3 objects
}

TEST_CASE("a batch that applied is not retried") {
  FakeKubectl kubectl("cat\n");
  auto cluster = make_kubectl_cluster(kubectl.options);
  auto results = cluster->apply({config_map("a", "prod"), config_map("b", "prod")}, DryRun::no);
  REQUIRE(results.has_value());
  CHECK(kubectl.calls().size() == 1);
}

TEST_CASE("remove deletes by REST path with a UID precondition, and NotFound is success") {
  FakeKubectl kubectl(
      "body=$(cat)\n"
      "echo \"$body\" >> \"$(dirname \"$0\")/bodies.log\"\n"
      "case \"$*\" in\n"
      "  *gone*) echo 'Error from server (NotFound): configmaps \"gone\" not found' >&2; exit 1 "
      ";;\n"
      "  *locked*) echo 'Error from server (Conflict): Precondition failed: UID in precondition' "
      ">&2; exit 1 ;;\n"
      "esac\n");
  auto cluster = make_kubectl_cluster(kubectl.options);
  CHECK(cluster->remove(k_configmaps, {"", "ConfigMap", "prod", "old"}, "uid-1").has_value());
  CHECK(cluster->remove(k_configmaps, {"", "ConfigMap", "prod", "gone"}, "uid-2").has_value());
  auto locked = cluster->remove(k_configmaps, {"", "ConfigMap", "prod", "locked"}, "uid-3");
  REQUIRE_FALSE(locked.has_value());
  CHECK(locked.error().message.find("Precondition failed") != std::string::npos);
  CHECK(locked.error().message.find("locked") != std::string::npos);

  const auto calls = kubectl.calls();
  REQUIRE(calls.size() == 3);
  CHECK(calls[0] ==
        "--request-timeout=30000ms delete -f - --raw=/api/v1/namespaces/prod/configmaps/old");
  std::ifstream bodies(kubectl.log_path().parent_path() / "bodies.log");
  std::string first;
  std::getline(bodies, first);
  const auto body = Json::parse(first);
  CHECK(body["kind"] == "DeleteOptions");
  CHECK(body["propagationPolicy"] == "Background");
  CHECK(body["preconditions"]["uid"] == "uid-1");
}

TEST_CASE("wait_established waits on every CRD by its full resource name") {
  FakeKubectl kubectl("exit 0\n");
  auto cluster = make_kubectl_cluster(kubectl.options);
  CHECK(cluster->wait_established({}, std::chrono::seconds(5)).has_value());
  CHECK(kubectl.calls().empty());
  CHECK(cluster->wait_established({"widgets.example.com"}, std::chrono::seconds(30)).has_value());
  REQUIRE(kubectl.calls().size() == 1);
  CHECK(kubectl.calls().front() ==
        "wait --for=condition=Established --timeout=30s "
        "customresourcedefinitions.apiextensions.k8s.io/widgets.example.com");
}

TEST_CASE("list_namespace lists every object of the kinds in one namespace, whoever owns it") {
  FakeKubectl kubectl("echo '{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[]}'\n");
  auto cluster = make_kubectl_cluster(kubectl.options);
  REQUIRE(cluster->list_namespace({k_configmaps, k_deployments}, "team-b").has_value());
  REQUIRE(cluster->list_namespace({k_cluster_roles}, "").has_value());
  REQUIRE(kubectl.calls().size() == 2);
  CHECK(kubectl.calls()[0] ==
        "--request-timeout=30000ms get configmaps,deployments.apps --namespace=team-b -o json "
        "--show-managed-fields");
  CHECK(kubectl.calls()[1] ==
        "--request-timeout=30000ms get clusterroles.rbac.authorization.k8s.io -o json "
        "--show-managed-fields");
}

TEST_CASE("a list of many kinds is spread over a few kubectl processes, every item kept") {
  FakeKubectl kubectl(
      "kinds=$3\n"
      "printf '{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":["
      "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"%s\"}}]}' "
      "\"$kinds\"\n");
  auto cluster = make_kubectl_cluster(kubectl.options);
  std::vector<ApiResource> kinds;
  for (int i = 0; i < 20; ++i) {
    kinds.push_back({"", "v1", "Kind" + std::to_string(i), "kind" + std::to_string(i), true});
  }
  auto listed = cluster->list(kinds, "a=b");
  REQUIRE(listed.has_value());
  CHECK(listed->size() == 3);
  CHECK(kubectl.calls().size() == 3);
  std::string all;
  for (const auto& object : *listed) {
    all += name_of(object) + ",";
  }
  for (int i = 0; i < 20; ++i) {
    CHECK(all.find("kind" + std::to_string(i) + ",") != std::string::npos);
  }
}

TEST_CASE("a kind deleted since discovery is left out of a list, not an error") {
  // The server lost kind3 (its CRD deleted) and kind5; kubectl names the first it meets.
  FakeKubectl kubectl(
      "kinds=$3\n"
      "for gone in kind3 kind5; do case \",$kinds,\" in *,$gone,*)\n"
      "  echo \"error: the server doesn't have a resource type \\\"$gone\\\"\" >&2; exit 1;;\n"
      "esac; done\n"
      "printf '{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":["
      "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"%s\"}}]}' "
      "\"$kinds\"\n");
  auto cluster = make_kubectl_cluster(kubectl.options);
  std::vector<ApiResource> kinds;
  for (int i = 0; i < 8; ++i) {
    kinds.push_back({"", "v1", "Kind" + std::to_string(i), "kind" + std::to_string(i), true});
  }
  auto listed = cluster->list(kinds, "a=b");
  REQUIRE(listed.has_value());
  REQUIRE(listed->size() == 1);
  CHECK(name_of(listed->front()) == "kind0,kind1,kind2,kind4,kind6,kind7");
  CHECK(kubectl.calls().size() == 3);

  SUBCASE("a plural two kinds share is not guessed at") {
    kinds.push_back({"other.example.com", "v1", "Kind3", "kind3", true});
    auto ambiguous = cluster->list(kinds, "a=b");
    REQUIRE_FALSE(ambiguous.has_value());
    CHECK(ambiguous.error().message.find("doesn't have a resource type") != std::string::npos);
  }
}

TEST_CASE("a kind the server lost while kubectl's discovery cache still had it is left out") {
  FakeKubectl kubectl(
      "kinds=$3\n"
      "case \",$kinds,\" in *,widgets.example.com,*)\n"
      "  echo 'Error from server (NotFound): Unable to find \"example.com/v1, Resource=widgets\" "
      "that match label selector \"a=b\": the server could not find the requested resource "
      "(get widgets.example.com)' >&2; exit 1;;\n"
      "esac\n"
      "echo '{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[]}'\n");
  auto cluster = make_kubectl_cluster(kubectl.options);
  const ApiResource widgets{"example.com", "v1", "Widget", "widgets", true};
  REQUIRE(cluster->list({k_configmaps, widgets}, "a=b").has_value());
  REQUIRE(kubectl.calls().size() == 2);
  CHECK(kubectl.calls()[1].find("get configmaps --all-namespaces -o json") != std::string::npos);
}

TEST_CASE("a failed list that names no vanished kind stays an error") {
  FakeKubectl kubectl("echo 'error: forbidden' >&2; exit 1\n");
  auto cluster = make_kubectl_cluster(kubectl.options);
  auto listed = cluster->list({k_configmaps, k_deployments}, "a=b");
  REQUIRE_FALSE(listed.has_value());
  CHECK(listed.error().message.find("forbidden") != std::string::npos);
  CHECK(kubectl.calls().size() == 1);
}

TEST_CASE("list_parallelism: one process per 8 kinds, at least 1 and at most 4") {
  CHECK(list_parallelism(0) == 1);
  CHECK(list_parallelism(8) == 1);
  CHECK(list_parallelism(9) == 2);
  CHECK(list_parallelism(60) == 4);
}
