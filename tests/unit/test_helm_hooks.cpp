#include <doctest/doctest.h>

#include "core/constants.hpp"
#include "engine/helm_hooks.hpp"

using namespace kgitops;

namespace {

Json with_annotations(const Json& annotations) {
  return {{"apiVersion", "batch/v1"},
          {"kind", "Job"},
          {"metadata", {{"name", "migrate"}, {"annotations", annotations}}}};
}

Json helm_hook(const std::string& events) {
  return with_annotations({{std::string(keys::k_helm_hook_annotation), events}});
}

}  // namespace

TEST_CASE("helm hooks map to sync phases as Argo CD maps them") {
  CHECK(helm_hook_use(with_annotations(Json::object())) == HelmHookUse::none);
  CHECK(helm_hook_use(helm_hook("pre-install")) == HelmHookUse::pre_sync);
  CHECK(helm_hook_use(helm_hook("pre-upgrade")) == HelmHookUse::pre_sync);
  CHECK(helm_hook_use(helm_hook(" Pre-Install , pre-upgrade")) == HelmHookUse::pre_sync);
  CHECK(helm_hook_use(helm_hook("post-install")) == HelmHookUse::post_sync);
  CHECK(helm_hook_use(helm_hook("post-install,post-upgrade")) == HelmHookUse::post_sync);
  CHECK(helm_hook_use(helm_hook("test")) == HelmHookUse::skipped);
  CHECK(helm_hook_use(helm_hook("test-success")) == HelmHookUse::skipped);
  CHECK(helm_hook_use(helm_hook("pre-delete,post-delete")) == HelmHookUse::skipped);
  CHECK(helm_hook_use(helm_hook("pre-rollback")) == HelmHookUse::skipped);
}

TEST_CASE("helm's delete policies map to ours; before-hook-creation by default") {
  auto none = helm_delete_policy(helm_hook("pre-install"), "chart/templates/job.yaml");
  REQUIRE(none);
  CHECK(none->before_creation);
  CHECK_FALSE(none->succeeded);
  auto both =
      helm_delete_policy(with_annotations({{std::string(keys::k_helm_hook_delete_policy_annotation),
                                            "hook-succeeded, hook-failed"}}),
                         "chart/templates/job.yaml");
  REQUIRE(both);
  CHECK_FALSE(both->before_creation);
  CHECK(both->succeeded);
  CHECK(both->failed);
  auto unknown = helm_delete_policy(
      with_annotations({{std::string(keys::k_helm_hook_delete_policy_annotation), "never"}}),
      "chart/templates/job.yaml");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().message ==
        "chart/templates/job.yaml: helm hook delete policy must be before-hook-creation, "
        "hook-succeeded or hook-failed, not 'never'");
}
