#include <doctest/doctest.h>

#include <chrono>
#include <limits>
#include <string>
#include <vector>

#include "render/yaml_loader.hpp"

using namespace kgitops;

namespace {

// The single document of `text`, which must load.
Json load_one(const std::string& text) {
  auto documents = load_yaml_documents(text, "a.yaml");
  REQUIRE_MESSAGE(documents, (documents ? "" : to_string(documents.error())));
  REQUIRE(documents->size() == 1);
  return documents->front().value;
}

std::string load_error(const std::string& text, const YamlLimits& limits = {}) {
  auto documents = load_yaml_documents(text, "a.yaml", limits);
  REQUIRE_FALSE(documents);
  return to_string(documents.error());
}

// The classic billion laughs: 10^9 strings from a few hundred bytes.
const std::string k_billion_laughs =
    "apiVersion: v1\n"
    "kind: ConfigMap\n"
    "metadata: {name: lol}\n"
    "data:\n"
    "  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    "  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "  g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "  h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "  i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";

}  // namespace

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

TEST_CASE("documents: multi-document, empty and comment-only skipped, lines kept") {
  auto documents = load_yaml_documents(
      "# leading comment\n"
      "a: 1\n"
      "---\n"
      "# only a comment\n"
      "---\n"
      "---\n"
      "\n"
      "b: 2\n"
      "...\n"
      "---\n"
      "- c\n",
      "multi.yaml");
  REQUIRE(documents);
  REQUIRE(documents->size() == 3);
  CHECK((*documents)[0].value == Json{{"a", 1}});
  CHECK((*documents)[0].line == 2);
  CHECK((*documents)[1].value == Json{{"b", 2}});
  CHECK((*documents)[1].line == 8);
  CHECK((*documents)[2].value == Json::array({"c"}));
  CHECK((*documents)[2].line == 11);

  CHECK(load_yaml_documents("", "a.yaml").value().empty());
  CHECK(load_yaml_documents("# nothing\n", "a.yaml").value().empty());
  CHECK(load_yaml_documents("---\n---\n", "a.yaml").value().empty());
}

TEST_CASE("aliases copy their anchor") {
  const auto value =
      load_one("base: &labels {app: web}\ncopy: *labels\nlist: [*labels, *labels]\n");
  CHECK(value["copy"] == Json{{"app", "web"}});
  CHECK(value["list"] == Json::array({{{"app", "web"}}, {{"app", "web"}}}));
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

TEST_CASE("the billion laughs are refused fast, before expanding anything") {
  const auto started = std::chrono::steady_clock::now();
  auto documents = load_yaml_documents(k_billion_laughs, "a.yaml");
  const auto elapsed = std::chrono::steady_clock::now() - started;
  REQUIRE_FALSE(documents);
  CHECK(to_string(documents.error()) ==
        "a.yaml:1: refusing a YAML document that expands to more than 1000000 nodes (alias "
        "bomb?)");
  CHECK(elapsed < std::chrono::seconds(1));
}

TEST_CASE("a document within the node budget loads; one above is refused") {
  const std::string text = "a: &a [x, x, x, x, x, x, x, x, x]\nb: [*a, *a, *a]\n";
  // 1 root + 2 keys + (1 + 9) for a + 1 for b's list + 3 * 10 = 44 nodes.
  YamlLimits limits;
  limits.max_nodes = 44;
  CHECK(load_yaml_documents(text, "a.yaml", limits));
  limits.max_nodes = 43;
  CHECK(load_error(text, limits).find("expands to more than 43 nodes") != std::string::npos);
}

TEST_CASE("the budget covers the whole file, not each document") {
  YamlLimits limits;
  limits.max_nodes = 10;
  std::string text;
  for (int i = 0; i < 4; ++i) {
    text += "---\na: [1, 2]\n";  // 5 nodes each
  }
  CHECK(load_error(text, limits) ==
        "a.yaml:6: refusing a YAML document that expands to more than 10 nodes (alias bomb?)");
}

TEST_CASE("a long string repeated by aliases is refused by the byte budget") {
  std::string text = "a: &a " + std::string(100'000, 'x') + "\nb: [";
  for (int i = 0; i < 1000; ++i) {
    text += "*a,";
  }
  text += "*a]\n";
  CHECK(load_error(text) ==
        "a.yaml:1: refusing a YAML document that expands to more than 67108864 bytes of text "
        "(alias bomb?)");
}

TEST_CASE("deep nesting is refused, written or built with aliases") {
  CHECK(load_error(std::string(150, '[') + std::string(150, ']')) ==
        "a.yaml:1: refusing a YAML document nested more than 100 levels deep");
  // Far deeper than yaml-cpp's own recursion guard: still an error, not a crash.
  CHECK(
      load_error(std::string(100'000, '[') + std::string(100'000, ']')).starts_with("a.yaml:1: "));

  std::string chained = "a0: &a0 [x]\n";
  for (int i = 1; i <= 120; ++i) {
    chained += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [*a" +
               std::to_string(i - 1) + "]\n";
  }
  CHECK(load_error(chained).find("nested more than 100 levels deep") != std::string::npos);

  CHECK(load_yaml_documents(std::string(50, '[') + std::string(50, ']'), "a.yaml"));
}

TEST_CASE("an alias inside its own anchor is refused") {
  CHECK(load_error("a: &a [1, *a]\n") == "a.yaml:1: an alias refers to the node that contains it");
}

TEST_CASE("malformed YAML names the file and yaml-cpp's line and message") {
  CHECK(load_error("a: 1\nb: [1, 2\nc: 3\n").starts_with("a.yaml:"));
  CHECK(load_error("a: 1\nb: *missing\n") == "a.yaml:2: the referenced anchor is not defined");
  CHECK(load_error("apiVersion: v1\nkind: ConfigMap\n  bad indent: x\n") ==
        "a.yaml:3: illegal map value");
}

TEST_CASE("text after a flow collection is an error at once, whatever the budget") {
  // yaml-cpp returns empty documents without end after `{}` here.
  const auto started = std::chrono::steady_clock::now();
  CHECK(load_error("{},c:d") == "a.yaml:1: did not find expected <document start>");
  CHECK(load_error("a: 1\n---\n{}\n,c: d\n") == "a.yaml:4: did not find expected <document start>");
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(1));
  YamlLimits unlimited;
  unlimited.max_nodes = std::numeric_limits<std::size_t>::max();
  unlimited.max_bytes = std::numeric_limits<std::size_t>::max();
  CHECK(load_error("[a],b:c", unlimited).ends_with("did not find expected <document start>"));
}

TEST_CASE("text that is not UTF-8 is an error naming file and line, as in go-yaml") {
  CHECK(load_error("a: 1\nb: caf\xe9\n") ==
        "a.yaml:2: invalid UTF-8 (byte \\xe9): manifests must be UTF-8 text");
  // Overlong forms and surrogates are not UTF-8 either.
  CHECK(load_error("a: \xc0\xaf\n").starts_with("a.yaml:1: invalid UTF-8"));
  CHECK(load_error("x: 1\n\n# \xed\xa0\x80\n").starts_with("a.yaml:3: invalid UTF-8"));
  CHECK(load_one("a: café ☕ 𝄞\n") == Json{{"a", "café ☕ 𝄞"}});
}

TEST_CASE("control characters are refused as go-yaml refuses them") {
  CHECK(
      load_error("a: 1\nb: x\x01y\n").starts_with("a.yaml:2: control characters are not allowed"));
  CHECK(load_error("a: \xc2\x80\n").starts_with("a.yaml:1: control characters are not allowed"));
  // Escaped in a double-quoted string they are fine; so are tabs.
  CHECK(load_one("a: \"x\\x01y\"\nb: \"\t\"\n")["a"] == Json("x\x01y"));
  // yaml-cpp refuses escapes that are no character.
  CHECK(load_error("a: 1\nb: \"\\uD800\"\n") == "a.yaml:2: invalid unicode: 55296");
}

TEST_CASE("the escapes \\N and \\_ are the characters go-yaml reads, in UTF-8") {
  // yaml-cpp alone gives the bytes 0x85 and 0xA0, which no JSON can hold.
  const auto value = load_one("a: \"x\\_y\\Nz\"\n\"k\\_\": 1\n");
  CHECK(value == Json{{"a", "x\u00A0y\u0085z"}, {"k\u00A0", 1}});
  CHECK_NOTHROW((void)value.dump());
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

TEST_CASE("no input makes the loader throw: every failure is an Error naming the file") {
  const std::vector<std::string> inputs = {
      std::string("a: \0b\n", 6),
      "a: [1, 2\n",
      "{a: 1, a: 2}",
      "? [a]\n: 1\n",
      "a: &x [*x]\n",
      "a: !!int x\n",
      "<<: 1\n",
      "a: *nowhere\n",
      "%YAML 9.9\n---\na: 1\n",
      "\xff\xfe\x00a",
      "a: \"\\uD800\"\n",
      std::string(300, '[') + std::string(300, ']'),
  };
  for (const auto& input : inputs) {
    CAPTURE(input);
    Result<std::vector<YamlDocument>> documents;
    CHECK_NOTHROW(documents = load_yaml_documents(input, "a.yaml"));
    if (!documents) {
      CHECK(to_string(documents.error()).starts_with("a.yaml"));
    } else {
      // What does load can always be written out as JSON again.
      for (const auto& document : *documents) {
        CHECK_NOTHROW((void)document.value.dump());
      }
    }
  }
}
