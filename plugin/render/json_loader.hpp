#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"
#include "render/yaml_loader.hpp"

namespace kgitops {

// Parses `text`, a .json manifest, as one document (none when blank). As
// strict as Kubernetes' own decoding: UTF-8 only, and a key set twice in one
// object is an error (encoding/json would keep the last silently, hiding
// what a reviewer reads). Nesting is bounded by `limits.max_depth`. Errors
// start with `file:line`; no parser exception escapes.
Result<std::vector<YamlDocument>> load_json_document(const std::string& text,
                                                     const std::string& file,
                                                     const YamlLimits& limits = {});

}  // namespace kgitops
