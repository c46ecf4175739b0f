#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "render/parse_cache.hpp"

using namespace kgitops;

namespace {

TreeFile file(const std::string& path, const std::string& blob, const std::string& content) {
  return TreeFile{path, blob, content};
}

const std::string k_two_documents = "a: 1\n---\nb: 2\n";

}  // namespace

TEST_CASE("a blob is parsed once; its documents keep their lines") {
  ParseCache cache;
  auto first = cache.documents(file("app/a.yaml", "b1", k_two_documents));
  REQUIRE(first);
  REQUIRE((*first)->size() == 2);
  CHECK((*first)->at(1).line == 3);
  // The same bytes under another name: the documents already parsed.
  auto again = cache.documents(file("app/copy.yaml", "b1", k_two_documents));
  REQUIRE(again);
  CHECK(again->get() == first->get());
  CHECK(cache.size() == 1);
}

TEST_CASE("one blob read as JSON and as YAML is two entries") {
  ParseCache cache;
  auto as_yaml = cache.documents(file("a.yaml", "b1", R"({"a": 1})"));
  auto as_json = cache.documents(file("a.json", "b1", R"({"a": 1})"));
  REQUIRE(as_yaml);
  REQUIRE(as_json);
  CHECK(as_yaml->get() != as_json->get());
  CHECK(cache.size() == 2);
}

TEST_CASE("a sweep forgets the blobs no render asked for since the last sweep") {
  ParseCache cache;
  REQUIRE(cache.documents(file("a.yaml", "old", "a: 1\n")));
  REQUIRE(cache.documents(file("b.yaml", "kept", "b: 1\n")));
  cache.sweep();
  CHECK(cache.size() == 2);  // both were used by the render just swept
  const auto kept = cache.documents(file("b.yaml", "kept", "b: 1\n"));
  REQUIRE(cache.documents(file("a.yaml", "new", "a: 2\n")));
  cache.sweep();
  CHECK(cache.size() == 2);  // "old" is gone, "kept" and "new" stay
  auto reused = cache.documents(file("b.yaml", "kept", "b: 1\n"));
  REQUIRE(reused);
  REQUIRE(kept);
  CHECK(reused->get() == kept->get());
}

TEST_CASE("a broken file is not kept: each time, the error names the file read") {
  ParseCache cache;
  auto first = cache.documents(file("app/bad.yaml", "b1", "kind: [unclosed\n"));
  REQUIRE_FALSE(first);
  CHECK(first.error().where.file == "app/bad.yaml");
  auto second = cache.documents(file("other/bad.yaml", "b1", "kind: [unclosed\n"));
  REQUIRE_FALSE(second);
  CHECK(second.error().where.file == "other/bad.yaml");
  CHECK(cache.size() == 0);
}

TEST_CASE("without a cache, the file is parsed each time") {
  const auto bytes = file("a.yaml", "b1", "a: 1\n");
  auto first = parse_tree_file(bytes, nullptr);
  auto second = parse_tree_file(bytes, nullptr);
  REQUIRE(first);
  REQUIRE(second);
  CHECK(first->get() != second->get());
  CHECK((*first)->at(0).value == (*second)->at(0).value);
}

TEST_CASE("the caches of two apps share what both parse, while either holds it") {
  auto shop = std::make_unique<ParseCache>();
  auto blog = std::make_unique<ParseCache>();
  auto first = shop->documents(file("shop/a.yaml", "shared-blob", k_two_documents));
  REQUIRE(first);
  auto second = blog->documents(file("blog/base/a.yaml", "shared-blob", k_two_documents));
  REQUIRE(second);
  CHECK(second->get() == first->get());  // one parse, one copy
  first = Result<ParsedDocuments>{nullptr};
  second = Result<ParsedDocuments>{nullptr};
  shop.reset();
  blog.reset();
  // Nobody holds the blob any more: it is parsed afresh.
  ParseCache later;
  auto again = later.documents(file("shop/a.yaml", "shared-blob", "c: 3\n"));
  REQUIRE(again);
  REQUIRE((*again)->size() == 1);
  CHECK((*again)->at(0).value.contains("c"));
}
