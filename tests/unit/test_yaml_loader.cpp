#include <doctest/doctest.h>

#include <chrono>
#include <limits>
#include <string>
#include <vector>

#include "render/yaml_loader.hpp"
#include "yaml_documents.hpp"

using namespace kgitops;
using kgitops::testing::load_error;
using kgitops::testing::load_one;

namespace {

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
