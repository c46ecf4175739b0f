#include "cluster/api_resources_table.hpp"

#include <algorithm>
#include <cstddef>
#include <sstream>
#include <string_view>

#include "core/text.hpp"

namespace kgitops {

Result<std::vector<ApiResource>> parse_api_resources(const std::string& table) {
  std::istringstream lines(table);
  std::string header;
  if (!std::getline(lines, header)) {
    return fail("kubectl api-resources printed nothing");
  }
  const std::vector<std::string> columns{"NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED",
                                         "KIND", "VERBS",      "CATEGORIES"};
  std::vector<std::size_t> starts;
  for (const auto& column : columns) {
    const auto at = header.find(column);
    if (at == std::string::npos) {
      if (starts.size() >= 5) {
        break;  // no -o wide: no verbs, every kind counts as listable
      }
      return fail("unexpected kubectl api-resources header: ", header);
    }
    starts.push_back(at);
  }
  auto cell = [&](const std::string& line, std::size_t index) {
    if (starts[index] >= line.size()) {
      return std::string{};
    }
    const auto end = index + 1 < starts.size() ? starts[index + 1] : std::string::npos;
    return trim(std::string_view(line).substr(
        starts[index], end == std::string::npos ? std::string_view::npos : end - starts[index]));
  };
  std::vector<ApiResource> resources;
  std::string line;
  while (std::getline(lines, line)) {
    if (trim(line).empty()) {
      continue;
    }
    ApiResource resource;
    resource.resource = cell(line, 0);
    const auto api_version = cell(line, 2);
    const auto slash = api_version.find('/');
    resource.group = slash == std::string::npos ? "" : api_version.substr(0, slash);
    resource.version = slash == std::string::npos ? api_version : api_version.substr(slash + 1);
    resource.namespaced = cell(line, 3) == "true";
    resource.kind = cell(line, 4);
    if (starts.size() > 5) {
      // "create,delete,get,list" (kubectl >= 1.28) or "[create delete get list]" (before).
      auto verbs = cell(line, 5);
      std::replace_if(
          verbs.begin(), verbs.end(), [](char c) { return c == '[' || c == ']' || c == ' '; }, ',');
      resource.listable = ("," + verbs + ",").find(",list,") != std::string::npos;
    }
    if (resource.resource.empty() || resource.kind.empty()) {
      return fail("cannot read kubectl api-resources line: ", line);
    }
    resources.push_back(std::move(resource));
  }
  return resources;
}

}  // namespace kgitops
