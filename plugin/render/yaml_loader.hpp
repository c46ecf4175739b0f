#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/object.hpp"
#include "render/yaml_scalar.hpp"

namespace kgitops {

// Bounds that keep a hostile document from exhausting memory or the stack
// (Kubernetes CVE-2019-11253; yaml-cpp itself expands aliases without limit).
struct YamlLimits {
  std::size_t max_nodes = 1'000'000;         // per document, aliases counted each time
  std::size_t max_bytes = 64 * 1024 * 1024;  // scalar bytes per document, likewise
  int max_depth = 100;                       // nesting of maps and sequences
};

// One YAML document as JSON, and the 1-based line where it starts.
struct YamlDocument {
  Json value;
  int line = 0;
};

// Parses every document of `text` as Kubernetes does (sigs.k8s.io/yaml over
// go-yaml v2: YAML 1.1 scalars, merge keys `<<`, map keys turned into
// strings), skipping empty and comment-only documents. Errors start with
// `file:line`.
Result<std::vector<YamlDocument>> load_yaml_documents(const std::string& text,
                                                      const std::string& file,
                                                      const YamlLimits& limits = {});

}  // namespace kgitops
