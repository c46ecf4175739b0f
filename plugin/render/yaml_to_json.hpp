#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/object.hpp"
#include "render/yaml_tree.hpp"

namespace kgitops {

// Expands the node `root` of a parsed document into JSON as sigs.k8s.io/yaml
// does: scalars resolved by their tag, merge keys `<<` applied, map keys
// turned into strings. Aliases are expanded, so the parser's limits must
// already bound the work. Errors name `file` and the node's line.
Result<Json> yaml_tree_to_json(const std::vector<YamlTreeNode>& nodes, std::uint32_t root,
                               const std::string& file);

}  // namespace kgitops
