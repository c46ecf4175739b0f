#pragma once

// Loading one YAML text in a test: its single document, or its error.

#include <doctest/doctest.h>

#include <string>

#include "render/yaml_loader.hpp"

namespace kgitops::testing {

// The single document of `text`, which must load.
inline Json load_one(const std::string& text) {
  auto documents = load_yaml_documents(text, "a.yaml");
  REQUIRE_MESSAGE(documents, (documents ? "" : to_string(documents.error())));
  REQUIRE(documents->size() == 1);
  return documents->front().value;
}

// The error of `text`, which must not load.
inline std::string load_error(const std::string& text, const YamlLimits& limits = {}) {
  auto documents = load_yaml_documents(text, "a.yaml", limits);
  REQUIRE_FALSE(documents);
  return to_string(documents.error());
}

}  // namespace kgitops::testing
