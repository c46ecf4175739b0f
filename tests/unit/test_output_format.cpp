#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "output/output_format.hpp"

using namespace kgitops;

TEST_CASE("output formats are named table, json and yaml, and nothing else") {
  for (const auto format : {OutputFormat::table, OutputFormat::json, OutputFormat::yaml}) {
    CHECK(parse_output_format(to_string(format)) == format);
  }
  CHECK(parse_output_format("text") == std::nullopt);
  CHECK(parse_output_format("JSON") == std::nullopt);
  CHECK(parse_output_format("") == std::nullopt);
}

TEST_CASE("print_document: JSON indented by two, one trailing newline") {
  std::ostringstream out;
  print_document(Json{{"kind", "Version"}, {"items", {1, 2}}}, OutputFormat::json, out);
  CHECK(out.str() == "{\n  \"items\": [\n    1,\n    2\n  ],\n  \"kind\": \"Version\"\n}\n");
}

TEST_CASE("print_document: invalid UTF-8 is replaced, never thrown") {
  std::ostringstream out;
  print_document(Json{{"detail", std::string("bad \xff byte")}}, OutputFormat::json, out);
  CHECK(out.str().find("bad \xEF\xBF\xBD byte") != std::string::npos);
  CHECK(Json::parse(out.str())["detail"].is_string());
}

TEST_CASE("print_document: YAML for -o yaml") {
  std::ostringstream out;
  print_document(Json{{"kind", "Version"}, {"version", "v1.2.3"}}, OutputFormat::yaml, out);
  CHECK(out.str() == "kind: Version\nversion: v1.2.3\n");
}
