#include <doctest/doctest.h>

#include <string>

#include "core/constants.hpp"
#include "core/version.hpp"
#include "engine/inventory.hpp"
#include "fake_cluster.hpp"

using namespace kgitops;
using kgitops::testing::FakeCluster;

namespace {

Inventory sample() {
  Inventory inventory;
  inventory.app = "web";
  inventory.repo = "https://github.com/acme/web.git";
  inventory.revision = "main";
  inventory.path = "deploy/prod";
  inventory.default_namespace = "prod";
  inventory.members = {{"apps", "Deployment", "prod", "web"},
                       {"", "ConfigMap", "staging", "settings"},
                       {"", "Namespace", "", "prod"},
                       {"rbac.authorization.k8s.io", "ClusterRole", "", "system:web-reader"},
                       {"rbac.authorization.k8s.io", "RoleBinding", "prod", "system:web:binding"},
                       {"", "ConfigMap", "kubectl-gitops", "in-inventory-namespace"}};
  inventory.adopted = {{"", "Namespace", "", "prod"}};
  inventory.last_commit = "0123456789abcdef0123456789abcdef01234567";
  inventory.last_result = "Failed";
  inventory.last_message = "apps/Deployment prod/web: denied\nsecond line";
  inventory.last_changed_at = "2024-05-01T12:00:00Z";
  inventory.suspended = true;
  inventory.agent = "agent-0_42";
  return inventory;
}

void check_same(const Inventory& a, const Inventory& b) {
  CHECK(a.app == b.app);
  CHECK(a.repo == b.repo);
  CHECK(a.revision == b.revision);
  CHECK(a.path == b.path);
  CHECK(a.default_namespace == b.default_namespace);
  CHECK(a.members == b.members);
  CHECK(a.adopted == b.adopted);
  CHECK(a.last_commit == b.last_commit);
  CHECK(a.last_result == b.last_result);
  CHECK(a.last_message == b.last_message);
  CHECK(a.last_changed_at == b.last_changed_at);
  CHECK(a.suspended == b.suspended);
  CHECK(a.agent == b.agent);
}

const ResourceKey k_inventory_key{"", "ConfigMap", "kubectl-gitops", "gitops-web"};
const ResourceKey k_namespace_key{"", "Namespace", "", "kubectl-gitops"};

}  // namespace

TEST_CASE("applyset_id is kubectl's id of the parent ConfigMap") {
  // python3: "applyset-" + urlsafe_b64encode(sha256(b"gitops-web.kubectl-gitops.ConfigMap."))
  //          without '=' + "-v1"
  CHECK(applyset_id("web") == "applyset-ye58jwtFVHmu2hMKrzGuqt2hvZPhIfZe3Fk8FliouUg-v1");
  CHECK(applyset_id("shop") == "applyset-KDdkIXv83nX3ZVolVwbbJnrRdriVMmVH5ju34nqxIJw-v1");
  CHECK(inventory_name("web") == "gitops-web");
}

TEST_CASE("applyset ids are valid label values") {
  const auto id = applyset_id("web");
  CHECK(id.size() <= 63);
  CHECK(id.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") ==
        std::string::npos);
}

TEST_CASE("member strings round-trip, with ':' in names and cluster-scoped kinds") {
  for (const auto& key : sample().members) {
    CAPTURE(member_to_string(key));
    const auto parsed = member_from_string(member_to_string(key));
    REQUIRE(parsed.has_value());
    CHECK(*parsed == key);
  }
  CHECK(member_to_string({"apps", "Deployment", "web", "frontend"}) ==
        "apps/Deployment:web/frontend");
  CHECK(member_to_string({"", "Namespace", "", "web"}) == "/Namespace:/web");
  CHECK(member_from_string("/ClusterRole:/system:foo") ==
        ResourceKey{"", "ClusterRole", "", "system:foo"});
  CHECK(member_from_string("rbac.authorization.k8s.io/ClusterRole:/system:foo:bar") ==
        ResourceKey{"rbac.authorization.k8s.io", "ClusterRole", "", "system:foo:bar"});
}

TEST_CASE("malformed member strings are refused") {
  for (const auto* text : {"", "nonsense", "apps/Deployment", "apps/Deployment:prod",
                           "apps/:prod/web", "apps/Deployment:prod/", "Deployment:prod/web"}) {
    CAPTURE(text);
    CHECK_FALSE(member_from_string(text).has_value());
  }
}

TEST_CASE("the inventory ConfigMap is an ApplySet parent") {
  const auto configmap = inventory_to_configmap(sample());
  CHECK(key_of(configmap) == k_inventory_key);
  CHECK(label_of(configmap, keys::k_applyset_id_label) == applyset_id("web"));
  CHECK(label_of(configmap, keys::k_inventory_label) == "true");
  CHECK(label_of(configmap, keys::k_app_label) == "web");
  CHECK(annotation_of(configmap, keys::k_applyset_tooling_annotation) ==
        std::string("kubectl-gitops/") + k_version);
  CHECK(annotation_of(configmap, keys::k_applyset_group_kinds_annotation) ==
        "ClusterRole.rbac.authorization.k8s.io,ConfigMap,Deployment.apps,Namespace,"
        "RoleBinding.rbac.authorization.k8s.io");
  // Namespaces other than the parent's own, sorted, without cluster-scoped "".
  CHECK(annotation_of(configmap, keys::k_applyset_namespaces_annotation) == "prod,staging");
  CHECK(annotation_of(configmap, keys::k_suspended_annotation) == "true");
  CHECK(annotation_of(configmap, keys::k_agent_annotation) == "agent-0_42");
  const std::string members = configmap["data"]["members"];
  CHECK(members.find("rbac.authorization.k8s.io/ClusterRole:/system:web-reader\n") !=
        std::string::npos);
}

TEST_CASE("an inventory survives the trip through its ConfigMap") {
  const auto original = sample();
  auto read = inventory_from_configmap(inventory_to_configmap(original));
  REQUIRE(read.has_value());
  check_same(*read, original);

  Inventory minimal;
  minimal.app = "bare";
  auto read_minimal = inventory_from_configmap(inventory_to_configmap(minimal));
  REQUIRE(read_minimal.has_value());
  check_same(*read_minimal, minimal);
  CHECK_FALSE(inventory_to_configmap(minimal)["metadata"]["annotations"].contains(
      std::string(keys::k_suspended_annotation)));
  CHECK_FALSE(inventory_to_configmap(minimal)["metadata"]["annotations"].contains(
      std::string(keys::k_agent_annotation)));
}

TEST_CASE("a ConfigMap that is not a valid inventory is an error naming it") {
  auto configmap = inventory_to_configmap(sample());
  auto no_app = configmap;
  no_app["metadata"]["labels"].erase(std::string(keys::k_app_label));
  auto missing_label = inventory_from_configmap(no_app);
  REQUIRE_FALSE(missing_label.has_value());
  CHECK(missing_label.error().message.find("gitops-web") != std::string::npos);

  auto malformed = configmap;
  malformed["data"]["members"] = "apps/Deployment:prod/web\ngarbage\n";
  auto bad_member = inventory_from_configmap(malformed);
  REQUIRE_FALSE(bad_member.has_value());
  CHECK(bad_member.error().message.find("garbage") != std::string::npos);
  CHECK(bad_member.error().message.find("web") != std::string::npos);

  auto no_data = configmap;
  no_data.erase("data");
  auto empty = inventory_from_configmap(no_data);
  REQUIRE(empty.has_value());
  CHECK(empty->members.empty());
}

TEST_CASE("load_inventory: nullopt for an app never synced") {
  FakeCluster cluster;
  auto loaded = load_inventory(cluster, "web");
  REQUIRE(loaded.has_value());
  CHECK_FALSE(loaded->has_value());
}

TEST_CASE("store_inventory creates the namespace on first use, then the ConfigMap") {
  FakeCluster cluster;
  REQUIRE(store_inventory(cluster, sample(), std::nullopt).has_value());
  CHECK(cluster.objects.contains(k_namespace_key));
  CHECK(cluster.objects.contains(k_inventory_key));
  CHECK(cluster.applies == 2);
  auto loaded = load_inventory(cluster, "web");
  REQUIRE(loaded.has_value());
  REQUIRE(loaded->has_value());
  check_same(**loaded, sample());
}

TEST_CASE("store_inventory does not create the namespace when it exists") {
  FakeCluster cluster;
  cluster.objects[k_namespace_key] =
      Json{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "kubectl-gitops"}}}};
  REQUIRE(store_inventory(cluster, sample(), std::nullopt).has_value());
  CHECK(cluster.applies == 1);
}

TEST_CASE("store_inventory writes nothing when the inventory is unchanged") {
  FakeCluster cluster;
  const auto inventory = sample();
  REQUIRE(store_inventory(cluster, inventory, std::nullopt).has_value());
  const auto writes = cluster.applies;
  REQUIRE(store_inventory(cluster, inventory, inventory).has_value());
  CHECK(cluster.applies == writes);

  auto changed = inventory;
  changed.members.insert({"", "Service", "prod", "web"});
  REQUIRE(store_inventory(cluster, changed, inventory).has_value());
  CHECK(cluster.applies == writes + 1);  // the ConfigMap only, no namespace again
  auto loaded = load_inventory(cluster, "web");
  CHECK((*loaded)->members.contains({"", "Service", "prod", "web"}));
}

TEST_CASE("store_inventory reports a refused write") {
  FakeCluster cluster;
  cluster.failing_names.insert("gitops-web");
  auto stored = store_inventory(cluster, sample(), std::nullopt);
  REQUIRE_FALSE(stored.has_value());
  CHECK(stored.error().message.find("web") != std::string::npos);
  FakeCluster fresh;
  fresh.failing_names = {"kubectl-gitops"};
  auto no_namespace = store_inventory(fresh, sample(), std::nullopt);
  REQUIRE_FALSE(no_namespace.has_value());
  CHECK(no_namespace.error().message.find("namespace") != std::string::npos);
}

TEST_CASE("list_inventories returns every app's inventory sorted by name") {
  FakeCluster cluster;
  for (const auto* app : {"zeta", "alpha", "mid"}) {
    Inventory inventory;
    inventory.app = app;
    REQUIRE(store_inventory(cluster, inventory, std::nullopt).has_value());
  }
  // A ConfigMap with the inventory label elsewhere is not an inventory.
  auto stray = inventory_to_configmap(sample());
  stray["metadata"]["namespace"] = "default";
  cluster.objects[key_of(stray)] = stray;
  auto inventories = list_inventories(cluster);
  REQUIRE(inventories.has_value());
  REQUIRE(inventories->size() == 3);
  CHECK((*inventories)[0].app == "alpha");
  CHECK((*inventories)[1].app == "mid");
  CHECK((*inventories)[2].app == "zeta");
}

TEST_CASE("only members are recorded as adopted") {
  auto inventory = sample();
  inventory.adopted.insert({"", "ConfigMap", "prod", "gone"});
  auto read = inventory_from_configmap(inventory_to_configmap(inventory));
  REQUIRE(read.has_value());
  CHECK(read->adopted == std::set<ResourceKey>{{"", "Namespace", "", "prod"}});
}
