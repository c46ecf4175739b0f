#include "engine/reach.hpp"

#include <algorithm>
#include <cctype>

#include "core/text.hpp"

namespace kgitops {
namespace {

constexpr std::string_view k_service_account_prefix = "system:serviceaccount:";
constexpr std::string_view k_core_group = "core";

bool is_dns_label(const std::string& text) {
  const auto allowed = [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '-';
  };
  return !text.empty() && text.size() <= 63 && std::all_of(text.begin(), text.end(), allowed) &&
         text.front() != '-' && text.back() != '-';
}

bool is_kind_name(const std::string& text) {
  return !text.empty() && std::isalpha(static_cast<unsigned char>(text.front())) &&
         std::all_of(text.begin(), text.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
}

bool is_group_name(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.';
  });
}

Result<void> validate_kind_rule(const std::string& rule) {
  const auto slash = rule.find('/');
  const bool valid = slash == std::string::npos ? is_kind_name(rule)
                                                : is_group_name(rule.substr(0, slash)) &&
                                                      is_kind_name(rule.substr(slash + 1));
  if (!valid) {
    return fail("allowed kind '", rule,
                "' is not Kind or group/Kind (Deployment, apps/Deployment, core/ConfigMap)");
  }
  return {};
}

Result<void> validate_identity(const Impersonation& identity) {
  if (identity.user.empty()) {
    if (!identity.groups.empty()) {
      return fail("impersonated groups need a user to impersonate");
    }
    return {};
  }
  if (identity.user.starts_with(k_service_account_prefix)) {
    const auto rest = identity.user.substr(k_service_account_prefix.size());
    const auto colon = rest.find(':');
    if (colon == std::string::npos || !is_dns_label(rest.substr(0, colon)) ||
        rest.substr(colon + 1).empty() || rest.find(':', colon + 1) != std::string::npos) {
      return fail("impersonated user '", identity.user,
                  "' is not system:serviceaccount:<namespace>:<name>");
    }
  }
  if (std::any_of(identity.groups.begin(), identity.groups.end(),
                  [](const std::string& group) { return group.empty(); })) {
    return fail("an impersonated group is empty");
  }
  return {};
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool is_namespace(const ResourceKey& key) {
  return key.group.empty() && key.kind == "Namespace";
}

std::string kind_text(const ResourceKey& key) {
  return key.group.empty() ? key.kind : key.group + "/" + key.kind;
}

}  // namespace

Result<void> validate_reach(const Reach& reach) {
  for (const auto& ns : reach.namespaces) {
    if (!is_dns_label(ns)) {
      return fail("allowed namespace '", ns, "' is not a namespace name");
    }
  }
  for (const auto& rule : reach.kinds) {
    if (auto valid = validate_kind_rule(rule); !valid) {
      return valid;
    }
  }
  return validate_identity(reach.identity);
}

bool kind_rule_matches(const std::string& kind_rule, const ResourceKey& key) {
  const auto slash = kind_rule.find('/');
  if (slash == std::string::npos) {
    return kind_rule == key.kind;
  }
  const auto group = kind_rule.substr(0, slash);
  return kind_rule.substr(slash + 1) == key.kind &&
         (group == key.group || (group == k_core_group && key.group.empty()));
}

std::optional<std::string> reach_violation(const ResourceKey& key, bool namespaced,
                                           const Reach& reach) {
  std::vector<std::string> broken;
  const auto allowed_namespaces = " (" + join(reach.namespaces, ", ") + ")";
  if (namespaced && !reach.namespaces.empty() && !contains(reach.namespaces, key.ns)) {
    broken.push_back("namespace " + key.ns + " is not one of the allowed namespaces" +
                     allowed_namespaces);
  }
  if (is_namespace(key) && !reach.namespaces.empty() && !contains(reach.namespaces, key.name)) {
    broken.push_back("Namespace " + key.name + " is not one of the allowed namespaces" +
                     allowed_namespaces);
  } else if (!namespaced && !reach.cluster_scoped &&
             !(is_namespace(key) && contains(reach.namespaces, key.name))) {
    broken.push_back(
        kind_text(key) + " is cluster-scoped, and cluster-scoped kinds are not allowed" +
        (is_namespace(key) ? " (a Namespace only when it is an allowed namespace)" : ""));
  }
  if (!reach.kinds.empty() &&
      std::none_of(reach.kinds.begin(), reach.kinds.end(),
                   [&](const std::string& rule) { return kind_rule_matches(rule, key); })) {
    broken.push_back("kind " + kind_text(key) + " is not one of the allowed kinds (" +
                     join(reach.kinds, ", ") + ")");
  }
  if (broken.empty()) {
    return std::nullopt;
  }
  return join(broken, "; ");
}

ClusterOptions cluster_options_for(ClusterOptions base, const Reach& reach) {
  base.impersonate = reach.identity;
  return base;
}

}  // namespace kgitops
