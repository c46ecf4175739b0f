#include "cluster/kubectl_output.hpp"

#include <algorithm>
#include <array>
#include <sstream>
#include <string_view>
#include <utility>

#include "core/text.hpp"

namespace kgitops {

Error kubectl_error(const std::string& what, const ProcessOutput& output) {
  auto message = trim(output.err);
  if (message.empty()) {
    message = "kubectl exited with status " + std::to_string(output.exit_code);
  }
  return Error{what + ": " + message, ErrorKind::remote};
}

Result<std::vector<Json>> kubectl_json_items(const std::string& text) {
  if (trim(text).empty()) {
    return std::vector<Json>{};
  }
  Json document = Json::parse(text, nullptr, false);
  if (document.is_discarded()) {
    return fail("cannot parse kubectl's JSON output");
  }
  if (document.value("kind", "") == "List" && document.contains("items")) {
    return document["items"].get<std::vector<Json>>();
  }
  return std::vector<Json>{std::move(document)};
}

std::string kubectl_errors_about(const ResourceKey& key, const ProcessOutput& output) {
  std::istringstream lines(output.err);
  std::string line;
  std::string relevant;
  const std::string quoted = "\"" + key.name + "\"";
  bool in_relevant_error = false;
  while (std::getline(lines, line)) {
    const bool names_object =
        line.find(quoted) != std::string::npos || line.find("/" + key.name) != std::string::npos;
    // The server's field errors follow on lines of their own ("* spec...").
    const bool continues = in_relevant_error && (line.starts_with("*") || line.starts_with(" "));
    if (names_object || continues) {
      relevant += (relevant.empty() ? "" : "\n") + trim(line);
    }
    in_relevant_error = names_object || continues;
  }
  if (!relevant.empty()) {
    return relevant;
  }
  return output.exit_code == 0 ? "the server did not return the object" : trim(output.err);
}

std::optional<std::vector<ApiResource>> without_vanished_kinds(
    std::vector<ApiResource> kinds, const std::vector<ApiResource>& listed,
    const std::string& stderr_text) {
  // kubectl's words when discovery no longer has the kind, and the server's
  // when kubectl's cached discovery still had it.
  static constexpr std::array<std::pair<std::string_view, char>, 2> k_markers{{
      {"the server doesn't have a resource type \"", '"'},
      {"the server could not find the requested resource (get ", ')'},
  }};
  bool removed_any = false;
  for (const auto& [marker, closing] : k_markers) {
    for (auto at = stderr_text.find(marker); at != std::string::npos;
         at = stderr_text.find(marker, at + 1)) {
      const auto begin = at + marker.size();
      const auto end = stderr_text.find(closing, begin);
      if (end == std::string::npos) {
        return std::nullopt;
      }
      const auto name = stderr_text.substr(begin, end - begin);
      const auto named = [&](const ApiResource& kind) {
        return kind.resource == name || kind.qualified_resource() == name;
      };
      if (std::ranges::count_if(listed, named) != 1 || std::ranges::count_if(kinds, named) != 1) {
        return std::nullopt;
      }
      std::erase_if(kinds, named);
      removed_any = true;
    }
  }
  if (!removed_any) {
    return std::nullopt;
  }
  return kinds;
}

}  // namespace kgitops
