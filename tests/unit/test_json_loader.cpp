#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "render/json_loader.hpp"

using namespace kgitops;

namespace {

std::string error_of(const std::string& text) {
  auto documents = load_json_document(text, "a.json");
  REQUIRE_FALSE(documents);
  return to_string(documents.error());
}

}  // namespace

TEST_CASE("a JSON manifest is one document, starting at its first line of text") {
  auto documents = load_json_document("\n\n{\"kind\": \"ConfigMap\", \"n\": 1.5}\n", "a.json");
  REQUIRE(documents);
  REQUIRE(documents->size() == 1);
  CHECK(documents->front().line == 3);
  CHECK(documents->front().value == Json{{"kind", "ConfigMap"}, {"n", 1.5}});
  CHECK(load_json_document(" \n\t", "a.json").value().empty());
}

TEST_CASE("a key set twice in one object is an error naming its line") {
  CHECK(error_of("{\n  \"kind\": \"Secret\",\n  \"data\": {},\n  \"kind\": \"ConfigMap\"\n}") ==
        "a.json:4: key \"kind\" already set in this object");
  CHECK(error_of("{\"a\": {\"b\": 1,\n\"c\": {\"b\": 2},\n \"b\": 3}}") ==
        "a.json:3: key \"b\" already set in this object");
  // The same key in different objects, and in strings that are values, is fine.
  CHECK(load_json_document(R"({"a": {"b": 1}, "c": {"b": "\"b\":"}, "b": [{"b": 1}, {"b": 2}]})",
                           "a.json"));
}

TEST_CASE("JSON that is not UTF-8 is an error with file and line, not an exception") {
  CHECK(error_of("{\n\"a\": \"caf\xe9\"}") ==
        "a.json:2: invalid UTF-8 (byte \\xe9): manifests must be UTF-8 text");
  CHECK(error_of("{\"a\": \"\\ud800\"}").starts_with("a.json:1: invalid JSON: "));
}

TEST_CASE("malformed and deep JSON name the file") {
  CHECK(error_of("{\n  \"kind\": ConfigMap\n}").starts_with("a.json:2: invalid JSON: "));
  CHECK(error_of(std::string(200, '[') + std::string(200, ']')) ==
        "a.json: refusing a JSON document nested more than 100 levels deep");
}
