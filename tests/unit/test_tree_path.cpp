#include <doctest/doctest.h>

#include <string>

#include "git/tree_path.hpp"

using namespace kgitops;

TEST_CASE("a tree path splits on every slash and joins back") {
  CHECK(split_tree_path("deploy/prod/kustomization.yaml") ==
        TreePath{"deploy", "prod", "kustomization.yaml"});
  CHECK(split_tree_path("a//./../b/") == TreePath{"a", "", ".", "..", "b", ""});
  CHECK(split_tree_path("") == TreePath{""});
  CHECK(path_of({"deploy", "prod", "kustomization.yaml"}) == "deploy/prod/kustomization.yaml");
  CHECK(path_of({}).empty());
}

TEST_CASE("entry names that could leave their folder or pose as .git are unsafe") {
  CHECK(is_safe_entry_name("kustomization.yaml"));
  CHECK(is_safe_entry_name(".github"));
  CHECK(is_safe_entry_name("..."));
  for (const std::string name : {"", ".", "..", "a/b", "/abs", ".git", ".GIT", ".Git"}) {
    CAPTURE(name);
    CHECK_FALSE(is_safe_entry_name(name));
  }
}
