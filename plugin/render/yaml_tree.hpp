#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kgitops {

// How a scalar was written: its tag decides how its text is read.
enum class ScalarTag : std::uint8_t {
  plain,      // unquoted and untagged: resolved like go-yaml v2
  non_plain,  // quoted, block or `!`: always a string
  str,
  boolean,
  integer,
  floating,
  null,
  merge,
  binary,
  other,  // any other tag (!!timestamp, !Custom): kept as written
};

// One node of a document as parsed, before aliases are expanded. An alias is
// not a node of its own: its parent lists the anchored node's index again,
// so the tree is a DAG and its expanded size is known without expanding it.
struct YamlTreeNode {
  enum class Kind : std::uint8_t { null, scalar, sequence, map };
  Kind kind = Kind::null;
  ScalarTag tag = ScalarTag::plain;
  int line = 0;  // 1-based
  std::string text;
  std::vector<std::uint32_t> children;  // a map's are key, value, key, value...
  int height = 0;                       // collections nested in the expansion
  std::uint64_t size = 1;               // nodes in the expansion
  std::uint64_t bytes = 0;              // scalar bytes in the expansion
};

}  // namespace kgitops
