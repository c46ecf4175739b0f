#include "engine/immutable_fields.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/constants.hpp"
#include "core/text.hpp"

namespace kgitops {
namespace {

// How the API server starts the text of one field error: "<field>: <reason>: ...".
constexpr std::array<std::string_view, 2> k_reasons = {": Invalid value:", ": Forbidden:"};

// What the text of a field error says when the field may not change.
constexpr std::array<std::string_view, 3> k_immutable_phrases = {
    "immutable",                                         // most kinds
    "may not change once set",                           // a Service's clusterIPs
    "updates to statefulset spec for fields other than"  // a StatefulSet's spec
};

bool is_field_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '[' || c == ']' ||
         c == '_' || c == '-' || c == '=';
}

struct FieldError {
  std::string field;
  std::size_t text_begin = 0;  // where the reason starts
};

// Every "<field>: Invalid value:" and "<field>: Forbidden:" of the error, in order.
std::vector<FieldError> field_errors(std::string_view error) {
  std::vector<FieldError> found;
  for (std::size_t at = 0; at < error.size(); ++at) {
    for (const auto reason : k_reasons) {
      if (error.substr(at, reason.size()) != reason) {
        continue;
      }
      auto begin = at;
      while (begin > 0 && is_field_char(error[begin - 1])) {
        --begin;
      }
      // "[spec.selector: ..., spec.template: ...]": the list's bracket is not the field's.
      while (begin < at && error[begin] == '[') {
        ++begin;
      }
      if (begin < at) {
        found.push_back({std::string(error.substr(begin, at - begin)), at});
      }
    }
  }
  return found;
}

bool option_listed(std::string_view options, std::string_view wanted) {
  std::size_t at = 0;
  while (at <= options.size()) {
    const auto end = std::min(options.find(',', at), options.size());
    auto option = options.substr(at, end - at);
    while (!option.empty() && option.front() == ' ') {
      option.remove_prefix(1);
    }
    while (!option.empty() && option.back() == ' ') {
      option.remove_suffix(1);
    }
    if (option == wanted) {
      return true;
    }
    at = end + 1;
  }
  return false;
}

}  // namespace

std::vector<std::string> immutable_fields(std::string_view apply_error) {
  const auto errors = field_errors(apply_error);
  std::vector<std::string> fields;
  for (std::size_t i = 0; i < errors.size(); ++i) {
    const auto end = i + 1 < errors.size() ? errors[i + 1].text_begin : apply_error.size();
    const auto text = apply_error.substr(errors[i].text_begin, end - errors[i].text_begin);
    const bool immutable = std::any_of(k_immutable_phrases.begin(), k_immutable_phrases.end(),
                                       [&](auto phrase) { return text.contains(phrase); });
    if (immutable && std::find(fields.begin(), fields.end(), errors[i].field) == fields.end()) {
      fields.push_back(errors[i].field);
    }
  }
  return fields;
}

bool replace_allowed(const Json& object) {
  if (annotation_of(object, keys::k_force_annotation) == keys::k_force_enabled ||
      annotation_of(object, keys::k_flux_force_annotation) == keys::k_force_enabled) {
    return true;
  }
  const auto options = annotation_of(object, keys::k_argo_sync_options_annotation);
  return options &&
         (option_listed(*options, "Replace=true") || option_listed(*options, "Force=true"));
}

std::string immutable_summary(const std::vector<std::string>& fields) {
  return join(fields, ", ") + (fields.size() == 1 ? " is immutable" : " are immutable");
}

std::string immutable_error(const std::vector<std::string>& fields) {
  return "cannot change " + join(fields, ", ") + ": " +
         (fields.size() == 1 ? "the field is immutable" : "the fields are immutable") +
         "; annotate the object " + std::string(keys::k_force_annotation) + ": " +
         std::string(keys::k_force_enabled) + " to have the sync delete it and create it again";
}

}  // namespace kgitops
