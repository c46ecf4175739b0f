#include <doctest/doctest.h>

#include "engine/reach_check.hpp"

using namespace kgitops;

namespace {

DesiredObject desired(ResourceKey key, bool namespaced, std::string file) {
  DesiredObject object;
  object.resource.group = key.group;
  object.resource.kind = key.kind;
  object.resource.namespaced = namespaced;
  object.key = std::move(key);
  object.source = SourceLocation{std::move(file), 1};
  return object;
}

ObjectState extra(ResourceKey key) {
  ObjectState state;
  state.key = std::move(key);
  state.state = SyncState::extra;
  return state;
}

}  // namespace

TEST_CASE("reach check: each object outside the reach is named with its file and rule") {
  Reach reach;
  reach.namespaces = {"team-a"};
  const std::vector<DesiredObject> objects{
      desired({"", "ConfigMap", "team-a", "ok"}, true, "a.yaml"),
      desired({"", "ConfigMap", "team-b", "settings"}, true, "b.yaml"),
      desired({"", "Namespace", "", "team-b"}, false, "ns.yaml")};
  const auto violations = outside_reach(objects, reach);
  REQUIRE(violations.size() == 2);
  CHECK(violations[0].key.name == "settings");
  const auto refusal = reach_refusal("shop", objects, reach);
  CHECK(refusal ==
        "refusing to sync app shop: 2 object(s) outside the app's reach, nothing was written:\n"
        "  ConfigMap team-b/settings (b.yaml:1): namespace team-b is not one of the allowed "
        "namespaces (team-a)\n"
        "  Namespace team-b (ns.yaml:1): Namespace team-b is not one of the allowed namespaces "
        "(team-a)");
  CHECK(reach_refusal("shop", {objects[0]}, reach).empty());
  CHECK(reach_refusal("shop", objects, Reach{}).empty());
}

TEST_CASE("reach check: prune keeps what lies outside the reach, with the rule") {
  Reach reach;
  reach.namespaces = {"team-a"};
  reach.kinds = {"ConfigMap"};
  const Scope scope(std::vector<ApiResource>{{"", "v1", "ConfigMap", "configmaps", true},
                                             {"", "v1", "Secret", "secrets", true}},
                    {});
  PrunePlan plan;
  plan.to_delete = {extra({"", "ConfigMap", "team-a", "old"}),
                    extra({"", "ConfigMap", "team-b", "old"}),
                    extra({"", "Secret", "team-a", "db"})};
  keep_within_reach(plan, scope, reach);
  REQUIRE(plan.to_delete.size() == 1);
  CHECK(plan.to_delete[0].key.ns == "team-a");
  REQUIRE(plan.kept.size() == 2);
  CHECK(plan.kept[0].key.ns == "team-b");
  CHECK_FALSE(plan.kept[0].prune);
  CHECK(plan.kept[0].reason ==
        "outside the app's reach: namespace team-b is not one of the allowed namespaces (team-a)");
  CHECK(plan.kept[1].reason.find("kind Secret is not one of the allowed kinds") !=
        std::string::npos);
}

TEST_CASE("reach check: a kind no longer served is judged by its key's namespace") {
  Reach reach;
  reach.cluster_scoped = false;
  const Scope scope(std::vector<ApiResource>{}, {});
  PrunePlan plan;
  plan.to_delete = {extra({"example.com", "Widget", "", "global"}),
                    extra({"example.com", "Widget", "team-a", "local"})};
  keep_within_reach(plan, scope, reach);
  REQUIRE(plan.to_delete.size() == 1);
  CHECK(plan.to_delete[0].key.name == "local");
  REQUIRE(plan.kept.size() == 1);
  CHECK(plan.kept[0].key.name == "global");
}
