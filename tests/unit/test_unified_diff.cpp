#include <doctest/doctest.h>

#include <string>

#include "output/unified_diff.hpp"

using namespace kgitops;

namespace {

// "1\n2\n...\nn\n"
std::string numbered(int n) {
  std::string text;
  for (int i = 1; i <= n; ++i) {
    text += std::to_string(i) + "\n";
  }
  return text;
}

std::string replaced(std::string text, const std::string& line, const std::string& with) {
  const auto at = text.find("\n" + line + "\n");
  REQUIRE(at != std::string::npos);
  return text.replace(at + 1, line.size(), with);
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t found = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++found;
  }
  return found;
}

}  // namespace

TEST_CASE("equal texts have no diff") {
  CHECK(unified_diff("", "", "a", "b").empty());
  CHECK(unified_diff(numbered(5), numbered(5), "a", "b").empty());
}

TEST_CASE("one changed line: a hunk with three lines of context each side") {
  const auto diff =
      unified_diff(numbered(10), replaced(numbered(10), "5", "five"), "live/x", "git/x");
  CHECK(diff ==
        "--- live/x\n"
        "+++ git/x\n"
        "@@ -2,7 +2,7 @@\n"
        " 2\n"
        " 3\n"
        " 4\n"
        "-5\n"
        "+five\n"
        " 6\n"
        " 7\n"
        " 8\n");
}

TEST_CASE("a change near the start has less leading context") {
  const auto diff =
      unified_diff(numbered(10), replaced("\n" + numbered(10), "1", "one").substr(1), "a", "b");
  CHECK(diff == "--- a\n+++ b\n@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n");
}

TEST_CASE("lines added at the end") {
  CHECK(unified_diff("a\nb\n", "a\nb\nc\nd\n", "old", "new") ==
        "--- old\n+++ new\n@@ -1,2 +1,4 @@\n a\n b\n+c\n+d\n");
}

TEST_CASE("everything added to or removed from an empty text") {
  CHECK(unified_diff("", "x\ny\n", "old", "new") == "--- old\n+++ new\n@@ -0,0 +1,2 @@\n+x\n+y\n");
  CHECK(unified_diff("x\ny\n", "", "old", "new") == "--- old\n+++ new\n@@ -1,2 +0,0 @@\n-x\n-y\n");
}

TEST_CASE("a line removed in the middle") {
  const auto before = numbered(9);
  auto after = before;
  after.erase(after.find("5\n"), 2);
  CHECK(unified_diff(before, after, "a", "b") ==
        "--- a\n+++ b\n@@ -2,7 +2,6 @@\n 2\n 3\n 4\n-5\n 6\n 7\n 8\n");
}

TEST_CASE("changes at most six unchanged lines apart share one hunk") {
  // Lines 5 and 12 changed: 6 unchanged lines (6..11) between them.
  auto after = replaced(replaced(numbered(20), "5", "five"), "12", "twelve");
  const auto diff = unified_diff(numbered(20), after, "a", "b");
  CHECK(count(diff, "@@ -") == 1);
  CHECK(diff.find("@@ -2,14 +2,14 @@\n") != std::string::npos);
}

TEST_CASE("changes further apart get hunks of their own") {
  // Lines 5 and 13 changed: 7 unchanged lines between them.
  auto after = replaced(replaced(numbered(20), "5", "five"), "13", "thirteen");
  const auto diff = unified_diff(numbered(20), after, "a", "b");
  CHECK(count(diff, "@@ -") == 2);
  CHECK(diff.find("@@ -2,7 +2,7 @@\n") != std::string::npos);
  CHECK(diff.find("@@ -10,7 +10,7 @@\n") != std::string::npos);
  // Line 9 is more than three lines from either change.
  CHECK(diff.find(" 9\n") == std::string::npos);
  CHECK(diff.find(" 8\n") != std::string::npos);
  CHECK(diff.find(" 10\n") != std::string::npos);
}

TEST_CASE("a block replaced by a block: removals before additions") {
  const auto diff = unified_diff("a\nb\nc\nz\n", "a\nx\ny\nz\n", "old", "new");
  CHECK(diff == "--- old\n+++ new\n@@ -1,4 +1,4 @@\n a\n-b\n-c\n+x\n+y\n z\n");
}

TEST_CASE("a text without a final newline compares by lines") {
  CHECK(unified_diff("a\nb", "a\nc", "old", "new") ==
        "--- old\n+++ new\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n");
}
