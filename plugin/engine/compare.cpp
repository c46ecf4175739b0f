#include "engine/compare.hpp"

#include <cmath>
#include <cstdlib>
#include <set>
#include <string>

#include "core/constants.hpp"
#include "core/sha256.hpp"

namespace kgitops {
namespace {

bool is_empty_value(const Json& value) {
  return value.is_null() || (value.is_object() && value.empty()) ||
         (value.is_array() && value.empty());
}

std::optional<long double> numeric_value(const Json& value) {
  if (value.is_number()) {
    return value.get<long double>();
  }
  if (value.is_string()) {
    return parse_quantity(value.get<std::string>());
  }
  return std::nullopt;
}

// `quantity`: the values sit where the server keeps resource quantities, so
// two strings with the same value are the same ("1Gi" == "1024Mi"). Elsewhere
// two different strings differ ("1.10" is not "1.1"); a number and a string
// compare by value, as YAML's `cpu: 0.5` comes back as "500m".
bool scalars_equivalent(const Json& a, const Json& b, bool quantity) {
  if (a == b) {
    return true;
  }
  if (a.is_boolean() || b.is_boolean() || (a.is_string() && b.is_string() && !quantity)) {
    return false;
  }
  const auto x = numeric_value(a);
  const auto y = numeric_value(b);
  if (!x || !y) {
    return false;
  }
  return std::fabs(*x - *y) <= 1e-9L * std::max(1.0L, std::fabs(*x));
}

Json strip_empty(const Json& value) {
  if (value.is_object()) {
    Json result = Json::object();
    for (const auto& [key, item] : value.items()) {
      auto stripped = strip_empty(item);
      if (!is_empty_value(stripped)) {
        result[key] = std::move(stripped);
      }
    }
    return result;
  }
  if (value.is_array()) {
    Json result = Json::array();
    for (const auto& item : value) {
      result.push_back(strip_empty(item));
    }
    return result;
  }
  return value;
}

// `quantities`: a and b are the values of a map that holds quantities.
bool stripped_equivalent(const Json& a, const Json& b, bool quantities) {
  if (a.is_object() && b.is_object()) {
    if (a.size() != b.size()) {
      return false;
    }
    for (const auto& [key, value] : a.items()) {
      const auto found = b.find(key);
      if (found == b.end()) {
        return false;
      }
      if (!stripped_equivalent(value, *found, child_holds_quantities(key, value, quantities))) {
        return false;
      }
    }
    return true;
  }
  if (a.is_array() && b.is_array()) {
    if (a.size() != b.size()) {
      return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!stripped_equivalent(a[i], b[i], false)) {
        return false;
      }
    }
    return true;
  }
  return scalars_equivalent(a, b, quantities);
}

bool is_secret(const Json& object) {
  return object.is_object() && object.value("kind", "") == "Secret" &&
         object.value("apiVersion", "") == "v1";
}

// Equal values get the same mask; different ones get masks that differ, so a
// diff still shows which keys changed without showing any value.
// Client-side apply keeps the whole last manifest, values included, here.
void mask_last_applied(Json& object) {
  constexpr const char* k_last_applied = "kubectl.kubernetes.io/last-applied-configuration";
  if (object.contains("metadata") && object["metadata"].contains("annotations") &&
      object["metadata"]["annotations"].contains(k_last_applied)) {
    object["metadata"]["annotations"][k_last_applied] = "*** (masked: holds Secret values)";
  }
}

void mask_secret_values(Json& live, Json& desired) {
  mask_last_applied(live);
  mask_last_applied(desired);
  for (const char* field : {"data", "stringData"}) {
    Json* live_map = live.contains(field) && live[field].is_object() ? &live[field] : nullptr;
    Json* desired_map =
        desired.contains(field) && desired[field].is_object() ? &desired[field] : nullptr;
    if (live_map != nullptr) {
      for (auto& [key, value] : live_map->items()) {
        const bool same =
            desired_map != nullptr && desired_map->contains(key) && (*desired_map)[key] == value;
        value = same ? "*** (unchanged)" : "*** (live value)";
      }
    }
    if (desired_map != nullptr) {
      for (auto& [key, value] : desired_map->items()) {
        const bool same =
            live_map != nullptr && live_map->contains(key) && (*live_map)[key] == "*** (unchanged)";
        value = same ? "*** (unchanged)" : "*** (value in git)";
      }
    }
  }
}

}  // namespace

std::optional<long double> parse_quantity(const std::string& text) {
  if (text.empty() || text.size() > 64) {
    return std::nullopt;
  }
  const char* begin = text.c_str();
  char* end = nullptr;
  const long double number = std::strtold(begin, &end);
  if (end == begin) {
    return std::nullopt;
  }
  const std::string suffix(end);
  struct Suffix {
    const char* text;
    long double factor;
  };
  static const Suffix k_suffixes[] = {{"", 1.0L},
                                      {"m", 1e-3L},
                                      {"k", 1e3L},
                                      {"M", 1e6L},
                                      {"G", 1e9L},
                                      {"T", 1e12L},
                                      {"P", 1e15L},
                                      {"E", 1e18L},
                                      {"Ki", 1024.0L},
                                      {"Mi", 1048576.0L},
                                      {"Gi", 1073741824.0L},
                                      {"Ti", 1099511627776.0L},
                                      {"Pi", 1125899906842624.0L},
                                      {"Ei", 1152921504606846976.0L}};
  for (const auto& candidate : k_suffixes) {
    if (suffix == candidate.text) {
      return number * candidate.factor;
    }
  }
  return std::nullopt;
}

bool child_holds_quantities(const std::string& key, const Json& value, bool parent_quantities) {
  // Maps whose values are resource quantities (container resources, node
  // capacity, quotas, limit ranges, pod overhead): the server rewrites them
  // to a canonical form ("0.5" -> "500m", "1024Mi" -> "1Gi").
  static const std::set<std::string> k_quantity_maps = {
      "requests",       "limits", "capacity", "allocatable",         "hard", "overhead", "default",
      "defaultRequest", "min",    "max",      "maxLimitRequestRatio"};
  if (value.is_object()) {
    return k_quantity_maps.contains(key);
  }
  return parent_quantities || key == "sizeLimit";
}

bool equivalent(const Json& desired, const Json& live, bool quantities) {
  return stripped_equivalent(strip_empty(desired), strip_empty(live), quantities);
}

Json fold_string_data(const Json& secret) {
  if (!is_secret(secret) || !secret.contains("stringData") || !secret["stringData"].is_object()) {
    return secret;
  }
  Json folded = secret;
  for (const auto& [key, value] : secret["stringData"].items()) {
    folded["data"][key] = base64(value.is_string() ? value.get<std::string>() : value.dump());
  }
  folded.erase("stringData");
  return folded;
}

DisplayPair display_pair(const Json& live, const Json& desired) {
  DisplayPair pair{strip_empty(live), strip_empty(desired)};
  if (is_secret(desired) || is_secret(live)) {
    mask_secret_values(pair.live, pair.desired);
  }
  return pair;
}

Json display_object(const Json& object) {
  Json cleaned = object;
  if (cleaned.contains("metadata")) {
    auto& metadata = cleaned["metadata"];
    for (const char* field : {"managedFields", "resourceVersion", "uid", "creationTimestamp",
                              "generation", "selfLink"}) {
      metadata.erase(field);
    }
    if (metadata.contains("annotations") && metadata["annotations"].is_object()) {
      metadata["annotations"].erase(std::string(keys::k_last_applied_annotation));
    }
  }
  cleaned.erase("status");
  return display_pair(cleaned, is_secret(cleaned) ? Json::object() : cleaned).live;
}

}  // namespace kgitops
