#include "engine/helm_hooks.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "core/constants.hpp"

namespace kgitops {
namespace {

// The comma-separated items of `text`, trimmed and lowercase.
std::vector<std::string> items_of(const std::string& text) {
  std::vector<std::string> items;
  std::string item;
  for (const char c : text + ",") {
    if (c == ',') {
      if (!item.empty()) {
        items.push_back(item);
      }
      item.clear();
    } else if (c != ' ' && c != '\t') {
      item += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return items;
}

bool has_item(const std::vector<std::string>& items, const char* wanted) {
  return std::find(items.begin(), items.end(), wanted) != items.end();
}

}  // namespace

HelmHookUse helm_hook_use(const Json& object) {
  const auto hook = annotation_of(object, keys::k_helm_hook_annotation);
  if (!hook) {
    return HelmHookUse::none;
  }
  const auto events = items_of(*hook);
  if (has_item(events, "pre-install") || has_item(events, "pre-upgrade")) {
    return HelmHookUse::pre_sync;
  }
  if (has_item(events, "post-install") || has_item(events, "post-upgrade")) {
    return HelmHookUse::post_sync;
  }
  return HelmHookUse::skipped;
}

Result<HookDeletePolicy> helm_delete_policy(const Json& object, const std::string& where) {
  HookDeletePolicy policy;
  const auto value = annotation_of(object, keys::k_helm_hook_delete_policy_annotation);
  const auto items = value ? items_of(*value) : std::vector<std::string>{};
  if (items.empty()) {
    policy.before_creation = true;
    return policy;
  }
  for (const auto& item : items) {
    if (item == "before-hook-creation") {
      policy.before_creation = true;
    } else if (item == "hook-succeeded") {
      policy.succeeded = true;
    } else if (item == "hook-failed") {
      policy.failed = true;
    } else {
      return fail(where, ": helm hook delete policy must be before-hook-creation, ",
                  "hook-succeeded or hook-failed, not '", item, "'");
    }
  }
  return policy;
}

}  // namespace kgitops
