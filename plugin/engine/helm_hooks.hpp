#pragma once

#include <string>

#include "core/error.hpp"
#include "core/object.hpp"
#include "engine/hooks.hpp"

namespace kgitops {

// What Helm's hook annotation (helm.sh/hook) asks of a sync, mapped as Argo
// CD maps it: pre-install or pre-upgrade run as PreSync, post-install or
// post-upgrade as PostSync; a hook of no such event (test, pre-delete,
// post-rollback...) is skipped: neither run nor applied.
enum class HelmHookUse { none, skipped, pre_sync, post_sync };
HelmHookUse helm_hook_use(const Json& object);

// Helm's delete policy (helm.sh/hook-delete-policy: before-hook-creation,
// hook-succeeded, hook-failed) as ours; before-hook-creation when none is
// set, as helm does. Fails on a policy helm does not know.
Result<HookDeletePolicy> helm_delete_policy(const Json& object, const std::string& where);

}  // namespace kgitops
