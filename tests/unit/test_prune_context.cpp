#include <doctest/doctest.h>

#include "core/constants.hpp"
#include "engine/prune_context.hpp"
#include "fake_cluster.hpp"

using namespace kgitops;
using kgitops::testing::FakeCluster;

namespace {

ObjectState namespace_extra(const std::string& name) {
  ObjectState state;
  state.key = {"", "Namespace", "", name};
  state.state = SyncState::extra;
  state.live = Json{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name}}}};
  state.in_inventory = true;
  return state;
}

}  // namespace

TEST_CASE("load_prune_context looks only into the Namespaces the app created and git dropped") {
  FakeCluster cluster;
  cluster.objects[{"", "ConfigMap", "dropped", "data"}] =
      Json{{"apiVersion", "v1"},
           {"kind", "ConfigMap"},
           {"metadata", {{"name", "data"}, {"namespace", "dropped"}}}};
  const Scope scope(*cluster.api_resources(), {});
  Reconciliation reconciliation;
  reconciliation.objects.push_back(namespace_extra("dropped"));
  reconciliation.objects.push_back(namespace_extra("adopted"));
  reconciliation.objects.push_back(namespace_extra("still-used"));
  ObjectState declared;
  declared.key = {"", "ConfigMap", "still-used", "settings"};
  declared.desired = DesiredObject{};
  reconciliation.objects.push_back(declared);
  Inventory inventory;
  inventory.adopted = {{"", "Namespace", "", "adopted"}};

  const auto context = load_prune_context(cluster, scope, reconciliation, inventory, "shop");
  CHECK(context.adopted == inventory.adopted);
  CHECK(context.declared_namespaces == std::set<std::string>{"still-used"});
  REQUIRE(context.namespace_strangers.size() == 1);
  CHECK(context.namespace_strangers.at("dropped") ==
        std::vector<std::string>{"ConfigMap dropped/data (unmanaged)"});
}
