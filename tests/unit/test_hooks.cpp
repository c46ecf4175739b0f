#include <doctest/doctest.h>

#include "core/constants.hpp"
#include "engine/hooks.hpp"

using namespace kgitops;

namespace {

DesiredObject object_with(const Json& annotations, const std::string& name = "migrate") {
  DesiredObject object;
  object.object = {{"apiVersion", "v1"},
                   {"kind", "ConfigMap"},
                   {"metadata",
                    {{"name", name},
                     {"namespace", "prod"},
                     {"labels",
                      {{std::string(keys::k_app_label), "shop"},
                       {std::string(keys::k_applyset_part_of_label), "applyset-x"}}},
                     {"annotations", annotations}}}};
  object.key = key_of(object.object);
  return object;
}

}  // namespace

TEST_CASE("hooks are taken out of what the app applies, with their phase and policy") {
  std::vector<DesiredObject> desired{
      object_with({{std::string(keys::k_hook_annotation), "PreSync"}}, "pre"),
      object_with(Json::object(), "plain"),
      object_with(
          {{std::string(keys::k_argo_hook_annotation), "PostSync"},
           {std::string(keys::k_argo_hook_delete_policy_annotation), "HookSucceeded, HookFailed"}},
          "post")};
  auto hooks = take_hooks(desired);
  REQUIRE(hooks.has_value());
  REQUIRE(desired.size() == 1);
  CHECK(desired[0].key.name == "plain");
  REQUIRE(hooks->size() == 2);
  CHECK((*hooks)[0].phase == HookPhase::pre_sync);
  CHECK((*hooks)[0].delete_policy.before_creation);  // the default
  CHECK_FALSE((*hooks)[0].delete_policy.succeeded);
  CHECK((*hooks)[1].phase == HookPhase::post_sync);
  CHECK_FALSE((*hooks)[1].delete_policy.before_creation);
  CHECK((*hooks)[1].delete_policy.succeeded);
  CHECK((*hooks)[1].delete_policy.failed);
  // Found by the app label, but no ApplySet member.
  CHECK(label_of((*hooks)[0].object.object, keys::k_app_label) == "shop");
  CHECK_FALSE(label_of((*hooks)[0].object.object, keys::k_applyset_part_of_label));
}

TEST_CASE("our hook annotation wins over Argo CD's") {
  std::vector<DesiredObject> desired{
      object_with({{std::string(keys::k_hook_annotation), "SyncFail"},
                   {std::string(keys::k_argo_hook_annotation), "PreSync"}})};
  auto hooks = take_hooks(desired);
  REQUIRE(hooks.has_value());
  REQUIRE(hooks->size() == 1);
  CHECK((*hooks)[0].phase == HookPhase::sync_fail);
}

TEST_CASE("an unknown hook phase or delete policy is refused, naming it") {
  std::vector<DesiredObject> phase{object_with({{std::string(keys::k_hook_annotation), "Skip"}})};
  auto refused = take_hooks(phase);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().message.find("'Skip'") != std::string::npos);
  std::vector<DesiredObject> policy{
      object_with({{std::string(keys::k_hook_annotation), "Sync"},
                   {std::string(keys::k_hook_delete_policy_annotation), "Never"}})};
  auto refused_policy = take_hooks(policy);
  REQUIRE_FALSE(refused_policy.has_value());
  CHECK(refused_policy.error().message.find("'Never'") != std::string::npos);
}

TEST_CASE("helm's hooks run at their mapped phase; test hooks are not applied at all") {
  std::vector<DesiredObject> desired{
      object_with({{std::string(keys::k_helm_hook_annotation), "pre-install,pre-upgrade"},
                   {std::string(keys::k_helm_hook_delete_policy_annotation), "hook-succeeded"}},
                  "migrate"),
      object_with({{std::string(keys::k_helm_hook_annotation), "test"}}, "test-connection"),
      object_with({{std::string(keys::k_helm_hook_annotation), "post-upgrade"}}, "notify"),
      // Ours wins over helm's.
      object_with({{std::string(keys::k_helm_hook_annotation), "pre-install"},
                   {std::string(keys::k_argo_hook_annotation), "PostSync"}},
                  "argo"),
      object_with(Json::object(), "plain")};
  auto hooks = take_hooks(desired);
  REQUIRE(hooks.has_value());
  REQUIRE(desired.size() == 1);
  CHECK(desired[0].key.name == "plain");
  REQUIRE(hooks->size() == 3);
  CHECK((*hooks)[0].object.key.name == "migrate");
  CHECK((*hooks)[0].phase == HookPhase::pre_sync);
  CHECK((*hooks)[0].delete_policy.succeeded);
  CHECK_FALSE((*hooks)[0].delete_policy.before_creation);
  CHECK((*hooks)[1].object.key.name == "notify");
  CHECK((*hooks)[1].phase == HookPhase::post_sync);
  CHECK((*hooks)[1].delete_policy.before_creation);
  CHECK((*hooks)[2].object.key.name == "argo");
  CHECK((*hooks)[2].phase == HookPhase::post_sync);
}

TEST_CASE("is_hook knows the three annotations and nothing else") {
  CHECK(is_hook(object_with({{std::string(keys::k_hook_annotation), "Sync"}}).object));
  CHECK(is_hook(object_with({{std::string(keys::k_argo_hook_annotation), "Sync"}}).object));
  CHECK(is_hook(object_with({{std::string(keys::k_helm_hook_annotation), "pre-install"}}).object));
  CHECK_FALSE(is_hook(object_with(Json::object()).object));
}
