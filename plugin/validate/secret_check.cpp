#include "validate/secret_check.hpp"

#include <vector>

#include "core/constants.hpp"
#include "core/text.hpp"

namespace kgitops {
namespace {

// SOPS writes every encrypted value as ENC[AES256_GCM,data:...,type:...].
bool is_sops_value(const Json& value) {
  return value.is_string() && value.get_ref<const std::string&>().starts_with("ENC[");
}

// The keys of `field` whose values are not encrypted.
void collect_plaintext_keys(const Json& object, const char* field, std::vector<std::string>& keys) {
  const auto found = object.find(field);
  if (found == object.end() || !found->is_object()) {
    return;
  }
  for (const auto& [key, value] : found->items()) {
    if (!is_sops_value(value)) {
      keys.push_back(std::string(field) + "." + key);
    }
  }
}

}  // namespace

std::optional<std::string> plaintext_secret_problem(const Json& object) {
  if (kind_of(object) != "Secret" || api_version_of(object) != "v1") {
    return std::nullopt;
  }
  if (object.contains("sops")) {
    return std::nullopt;
  }
  if (annotation_of(object, keys::k_allow_plaintext_secret_annotation) == "true") {
    return std::nullopt;
  }
  std::vector<std::string> plaintext;
  collect_plaintext_keys(object, "data", plaintext);
  collect_plaintext_keys(object, "stringData", plaintext);
  if (plaintext.empty()) {
    return std::nullopt;
  }
  return "Secret " + name_of(object) + " has plaintext values in git (" + join(plaintext, ", ") +
         "); encrypt it (SealedSecret, SOPS) or annotate it " +
         std::string(keys::k_allow_plaintext_secret_annotation) + ": \"true\"";
}

}  // namespace kgitops
