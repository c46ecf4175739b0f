#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/yaml_writer.hpp"
#include "render/yaml_loader.hpp"

using namespace kgitops;

namespace {

// Reads YAML back with yaml-cpp. A plain (unquoted) scalar means what it means
// to Kubernetes (go-yaml v2's YAML 1.1 rules), a quoted one is a string.
Json from_yaml(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      Json object = Json::object();
      for (const auto& entry : node) {
        const auto& key = entry.first;
        REQUIRE(key.IsScalar());
        auto name = key.Scalar();
        if (key.Tag() == "?" && !resolve_plain_scalar(name).is_string()) {
          name = "<key read as non-string: " + name + ">";
        }
        object[name] = from_yaml(entry.second);
      }
      return object;
    }
    case YAML::NodeType::Sequence: {
      Json array = Json::array();
      for (const auto& item : node) {
        array.push_back(from_yaml(item));
      }
      return array;
    }
    case YAML::NodeType::Scalar:
      return node.Tag() == "?" ? resolve_plain_scalar(node.Scalar()) : Json(node.Scalar());
    case YAML::NodeType::Null:
      return nullptr;
    case YAML::NodeType::Undefined:
      break;
  }
  FAIL("undefined YAML node");
  return nullptr;
}

Json round_trip(const Json& value) {
  const auto text = to_yaml(value);
  INFO("YAML:\n" << text);
  try {
    return from_yaml(YAML::Load(text));
  } catch (const YAML::Exception& error) {
    // A value no input equals, so the caller's CHECK fails and goes on.
    return "yaml-cpp cannot parse the output: " + std::string(error.what());
  }
}

const std::vector<std::string> k_tricky_strings = {"on",
                                                   "off",
                                                   "yes",
                                                   "no",
                                                   "y",
                                                   "n",
                                                   "Y",
                                                   "N",
                                                   "true",
                                                   "False",
                                                   "NULL",
                                                   "null",
                                                   "~",
                                                   "123",
                                                   "-1",
                                                   "+1",
                                                   "1.5",
                                                   ".5",
                                                   "1e3",
                                                   "0x1F",
                                                   "0o17",
                                                   "1_000",
                                                   ".inf",
                                                   "-.inf",
                                                   ".nan",
                                                   "",
                                                   " ",
                                                   " leading",
                                                   "trailing ",
                                                   "-x",
                                                   "-",
                                                   "--- ",
                                                   "...",
                                                   "a: b",
                                                   "a:b",
                                                   "foo:",
                                                   "a #b",
                                                   "#comment",
                                                   "a#b",
                                                   "multi\nline",
                                                   "multi\nline\n",
                                                   "\n",
                                                   "tab\there",
                                                   "carriage\rreturn",
                                                   "bell\x07",
                                                   "[x]",
                                                   "{x}",
                                                   "x]",
                                                   "*ref",
                                                   "&anchor",
                                                   "!tag",
                                                   "%percent",
                                                   "@at",
                                                   "`tick",
                                                   "|",
                                                   "> folded",
                                                   "'single",
                                                   "\"double",
                                                   "a'b",
                                                   "a\"b",
                                                   "back\\slash",
                                                   "? key",
                                                   ",comma",
                                                   "=",
                                                   "caf\xc3\xa9",
                                                   "plain words",
                                                   "image:1.27",
                                                   "http://example.com/a?b=c#d",
                                                   "10.0.0.1",
                                                   "1:30",
                                                   "2024-01-01"};

}  // namespace

TEST_CASE("objects are written in block style with sorted keys") {
  const auto value = Json::parse(R"({
    "kind": "ConfigMap", "apiVersion": "v1",
    "metadata": {"name": "web", "labels": {"b": "2", "a": "1"}},
    "data": {}})");
  CHECK(to_yaml(value) ==
        "apiVersion: v1\n"
        "data: {}\n"
        "kind: ConfigMap\n"
        "metadata:\n"
        "  labels:\n"
        "    a: \"1\"\n"
        "    b: \"2\"\n"
        "  name: web\n");
}

TEST_CASE("lists of objects put the first key on the dash's line") {
  const auto value = Json::parse(R"({"containers": [
      {"name": "web", "ports": [{"containerPort": 80}], "args": []},
      {"name": "side", "env": [{"name": "A", "value": "b"}]}]})");
  CHECK(to_yaml(value) ==
        "containers:\n"
        "- args: []\n"
        "  name: web\n"
        "  ports:\n"
        "  - containerPort: 80\n"
        "- env:\n"
        "  - name: A\n"
        "    value: b\n"
        "  name: side\n");
}

TEST_CASE("scalars and empty containers at the top level") {
  CHECK(to_yaml(Json::object()) == "{}\n");
  CHECK(to_yaml(Json::array()) == "[]\n");
  CHECK(to_yaml(Json(3)) == "3\n");
  CHECK(to_yaml(Json("on")) == "\"on\"\n");
  CHECK(to_yaml(Json("web")) == "web\n");
}

TEST_CASE("tricky strings as values read back as the same strings") {
  for (const auto& text : k_tricky_strings) {
    CAPTURE(text);
    const Json value{{"key", text}};
    CHECK(round_trip(value) == value);
  }
}

TEST_CASE("tricky strings as keys read back as the same keys") {
  for (const auto& text : k_tricky_strings) {
    CAPTURE(text);
    const Json value{{text, "value"}};
    CHECK(round_trip(value) == value);
  }
}

TEST_CASE("tricky strings as list items read back as the same strings") {
  Json list = Json::array();
  for (const auto& text : k_tricky_strings) {
    list.push_back(text);
  }
  CHECK(round_trip(list) == list);
  const Json nested{{"items", list}};
  CHECK(round_trip(nested) == nested);
}

TEST_CASE("numbers, booleans and nulls keep their type") {
  const auto value = Json::parse(R"({"int": 3, "negative": -7, "float": 2.5, "big": 1e100,
      "zero": 0, "yes": true, "no": false, "nothing": null, "string": "3"})");
  CHECK(round_trip(value) == value);
}

TEST_CASE("nested and empty structures survive a round trip") {
  const auto value = Json::parse(R"({
    "spec": {"template": {"spec": {"containers": [
      {"name": "web", "command": ["sh", "-c", "echo on: off"],
       "resources": {"limits": {"cpu": "500m", "memory": "1Gi"}},
       "env": [{"name": "EMPTY", "value": ""}, {"name": "YES", "value": "yes"}]}]}}},
    "matrix": [[1, 2], [], [[3]], [{"a": {}}], {}],
    "emptyList": [], "emptyMap": {},
    "deep": [{"first": {"second": [{"third": "x"}]}, "after": 1}]})");
  CHECK(round_trip(value) == value);
}

TEST_CASE("a multi-line string keeps its line breaks") {
  const Json value{{"script", "#!/bin/sh\necho \"hi\"\n\texit 0\n"}};
  CHECK(round_trip(value) == value);
}

TEST_CASE("control characters are always quoted and escaped") {
  // YAML forbids them in plain scalars; go-yaml refuses the document.
  CHECK(to_yaml(Json{{"k", "bell\x07"}}) == "k: \"bell\\u0007\"\n");
  CHECK(to_yaml(Json{{"k", "a\rb"}}) == "k: \"a\\rb\"\n");
}
