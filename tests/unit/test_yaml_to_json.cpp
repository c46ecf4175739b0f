#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "render/yaml_loader.hpp"
#include "render/yaml_to_json.hpp"
#include "yaml_documents.hpp"

using namespace kgitops;
using kgitops::testing::load_error;
using kgitops::testing::load_one;

namespace {

YamlTreeNode scalar(std::string text, ScalarTag tag = ScalarTag::plain, int line = 1) {
  YamlTreeNode node;
  node.kind = YamlTreeNode::Kind::scalar;
  node.tag = tag;
  node.line = line;
  node.text = std::move(text);
  return node;
}

YamlTreeNode collection(YamlTreeNode::Kind kind, std::vector<std::uint32_t> children) {
  YamlTreeNode node;
  node.kind = kind;
  node.line = 1;
  node.children = std::move(children);
  return node;
}

}  // namespace

TEST_CASE("a node listed twice is expanded twice, as an alias is") {
  // {on: ["x", 0x10], name: ["x", 0x10]}: the sequence is shared.
  const std::vector<YamlTreeNode> nodes = {
      collection(YamlTreeNode::Kind::map, {1, 2, 5, 2}),
      scalar("on"),
      collection(YamlTreeNode::Kind::sequence, {3, 4}),
      scalar("x", ScalarTag::non_plain),
      scalar("0x10"),
      scalar("name"),
  };
  const auto value = yaml_tree_to_json(nodes, 0, "a.yaml");
  REQUIRE(value);
  CHECK(*value == Json{{"true", {"x", 16}}, {"name", {"x", 16}}});
}

TEST_CASE("an error names the file and the line of its node") {
  const std::vector<YamlTreeNode> nodes = {
      collection(YamlTreeNode::Kind::sequence, {1}),
      scalar("abc", ScalarTag::integer, 7),
  };
  const auto value = yaml_tree_to_json(nodes, 0, "b.yaml");
  REQUIRE_FALSE(value);
  CHECK(to_string(value.error()) == "b.yaml:7: cannot decode !!str `abc` as a !!int");
}

TEST_CASE("quoted scalars are strings; plain ones are resolved") {
  const auto value = load_one(
      "port: 8080\n"
      "quoted_port: \"8080\"\n"
      "single: '8080'\n"
      "plain_on: on\n"
      "quoted_on: 'on'\n"
      "double_on: \"on\"\n"
      "empty:\n"
      "tilde: ~\n"
      "quoted_null: \"null\"\n"
      "version: 1.10\n"
      "text: hello world\n"
      "block: |\n"
      "  true\n");
  CHECK(value["port"] == Json(8080));
  CHECK(value["quoted_port"] == Json("8080"));
  CHECK(value["single"] == Json("8080"));
  CHECK(value["plain_on"] == Json(true));
  CHECK(value["quoted_on"] == Json("on"));
  CHECK(value["double_on"] == Json("on"));
  CHECK(value["empty"].is_null());
  CHECK(value["tilde"].is_null());
  CHECK(value["quoted_null"] == Json("null"));
  CHECK(value["version"] == Json(1.1));
  CHECK(value["text"] == Json("hello world"));
  CHECK(value["block"] == Json("true\n"));
}

TEST_CASE("explicit tags are honoured") {
  const auto value = load_one(
      "a: !!str 8080\n"
      "b: !!str on\n"
      "c: !!int \"12\"\n"
      "d: !!bool \"yes\"\n"
      "e: !!float 3\n"
      "f: !!null \"\"\n"
      "g: !!str\n"
      "h: !custom 5\n"
      "i: !!int 0x10\n");
  CHECK(value["a"] == Json("8080"));
  CHECK(value["b"] == Json("on"));
  CHECK(value["c"] == Json(12));
  CHECK(value["d"] == Json(true));
  CHECK(value["e"] == Json(3.0));
  CHECK(value["e"].is_number_float());
  CHECK(value["f"].is_null());
  CHECK(value["g"] == Json(""));
  CHECK(value["h"] == Json("5"));
  CHECK(value["i"] == Json(16));
}

TEST_CASE("a tag that contradicts the text is an error naming the line") {
  CHECK(load_error("a: 1\nb: !!int abc\n") == "a.yaml:2: cannot decode !!str `abc` as a !!int");
  CHECK(load_error("a: !!bool 1\n") == "a.yaml:1: cannot decode !!int `1` as a !!bool");
  CHECK(load_error("a: !!null x\n") == "a.yaml:1: cannot decode !!str `x` as a !!null");
}

TEST_CASE("map keys become strings as sigs.k8s.io/yaml writes them") {
  // `y` too: go-yaml v2 reads it as true.
  const auto value = load_one("on: a\n8080: b\n0x10: c\n\"yes\": d\nname: e\nn: f\n");
  CHECK(value["true"] == Json("a"));
  CHECK(value["8080"] == Json("b"));
  CHECK(value["16"] == Json("c"));
  CHECK(value["yes"] == Json("d"));
  CHECK(value["name"] == Json("e"));
  CHECK(value["false"] == Json("f"));
  CHECK(value.size() == 6);

  CHECK(load_error("a: 1\n[x]: 2\n") == "a.yaml:2: unsupported map key (a sequence)");
  CHECK(load_error("a: 1\n~: 2\n") == "a.yaml:2: unsupported map key (a null)");
}

TEST_CASE("a key set twice in one map is an error") {
  CHECK(load_error("metadata:\n  name: a\n  name: b\n") ==
        "a.yaml:3: key \"name\" already set in map");
  // `on` and `true` are the same key once resolved.
  CHECK(load_error("on: 1\ntrue: 2\n") == "a.yaml:2: key \"true\" already set in map");
}

TEST_CASE("merge keys") {
  SUBCASE("one map; explicit keys win, wherever they are written") {
    const auto value = load_one(
        "base: &base {a: 1, b: 2, c: 3}\n"
        "derived:\n"
        "  a: 10\n"
        "  <<: *base\n"
        "  c: 30\n");
    CHECK(value["derived"] == Json{{"a", 10}, {"b", 2}, {"c", 30}});
  }
  SUBCASE("a sequence of maps; earlier maps win") {
    const auto value = load_one(
        "one: &one {a: 1, b: 1}\n"
        "two: &two {b: 2, c: 2}\n"
        "merged:\n"
        "  <<: [*one, *two]\n"
        "  d: 4\n");
    CHECK(value["merged"] == Json{{"a", 1}, {"b", 1}, {"c", 2}, {"d", 4}});
  }
  SUBCASE("an inline map and nested merges") {
    const auto value = load_one(
        "a: &a {p: 1}\n"
        "b: &b {<<: *a, q: 2}\n"
        "c: {<<: *b, r: 3}\n");
    CHECK(value["c"] == Json{{"p", 1}, {"q", 2}, {"r", 3}});
  }
  SUBCASE("a quoted << is an ordinary key") {
    const auto value = load_one("a: &a {x: 1}\nb: {\"<<\": *a}\n");
    CHECK(value["b"] == Json{{"<<", {{"x", 1}}}});
  }
  SUBCASE("merging something else than maps is an error") {
    CHECK(load_error("a: &a [1]\nb:\n  <<: *a\n") ==
          "a.yaml:1: map merge requires map or sequence of maps as the value");
    CHECK(load_error("b:\n  <<: 3\n") ==
          "a.yaml:2: map merge requires map or sequence of maps as the value");
  }
}

TEST_CASE(".nan and .inf are refused as values, since JSON cannot hold them") {
  CHECK(load_error("a: 1\nb: .nan\n") ==
        "a.yaml:2: `.nan` is not a number JSON can hold (kubectl refuses NaN and infinity too)");
  CHECK(load_error("b: [1, -.Inf]\n").starts_with("a.yaml:1: `-.Inf` is not a number"));
  CHECK(load_error("b: !!float .INF\n").starts_with("a.yaml:1: `.INF` is not a number"));
  // Quoted, they are strings; as keys, sigs.k8s.io/yaml names them in lower case.
  CHECK(load_one("a: '.nan'\n") == Json{{"a", ".nan"}});
  CHECK(load_one(".NaN: 1\n-.INF: 2\n") == Json{{".nan", 1}, {"-.inf", 2}});
}

TEST_CASE("!!binary is decoded as go-yaml does; what is not text is refused") {
  CHECK(load_one("a: !!binary aGVsbG8gd29ybGQ=\n") == Json{{"a", "hello world"}});
  CHECK(load_one("a: !!binary |\n  aGVsbG8g\n  d29ybGQ=\n") == Json{{"a", "hello world"}});
  CHECK(load_error("a: 1\nb: !!binary aGVsbG8\n") ==
        "a.yaml:2: !!binary value contains invalid base64 data");
  CHECK(load_error("b: !!binary 6Q==\n").starts_with("a.yaml:1: !!binary value is not UTF-8 text"));
}
