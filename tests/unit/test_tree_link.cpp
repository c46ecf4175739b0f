#include <doctest/doctest.h>

#include <string>

#include "crafted_repo.hpp"
#include "git/tree_link.hpp"

using namespace kgitops;
using test::CraftedRepo;

namespace {

std::string error_of(const Result<void>& result) {
  REQUIRE_FALSE(result.has_value());
  return result.error().message;
}

}  // namespace

TEST_CASE("a link resolves inside the tree, through other links, to a physical path") {
  CraftedRepo repo;
  auto real = repo.blob("real\n");
  auto base = repo.tree({{"100644", "real.yaml", real}});
  auto overlay = repo.tree({{"120000", "link.yaml", repo.blob("../alias/./real.yaml")}});
  auto root_id = repo.tree({{"120000", "alias", repo.blob("base/")},
                            {"40000", "base", base},
                            {"40000", "overlay", overlay}});
  auto root = repo.lookup_tree(root_id);

  auto file = resolve_tree_link(repo.repository(), root.get(), {"overlay", "link.yaml"},
                                "../alias/./real.yaml");
  REQUIRE(file);
  CHECK(file->path == TreePath{"base", "real.yaml"});
  CHECK(file->mode == GIT_FILEMODE_BLOB);
  CHECK(git_oid_equal(&file->id, &real));

  auto folder = resolve_tree_link(repo.repository(), root.get(), {"overlay", "up"}, "../alias");
  REQUIRE(folder);
  CHECK(folder->path == TreePath{"base"});
  CHECK(folder->mode == GIT_FILEMODE_TREE);
  CHECK(git_oid_equal(&folder->id, &base));

  auto through_file = resolve_tree_link(repo.repository(), root.get(), {"l"}, "base/real.yaml/x");
  REQUIRE_FALSE(through_file);
  CHECK(through_file.error().message ==
        "refusing the symbolic link 'l': its target 'base/real.yaml/x' goes through a file");
}

TEST_CASE("the text of a written link goes up to the common folder, then down") {
  CHECK(relative_link_text({"alias"}, {"base"}) == "base");
  CHECK(relative_link_text({"overlay", "up"}, {"base"}) == "../base");
  CHECK(relative_link_text({"a", "b", "l"}, {"a", "c", "d"}) == "../c/d");
  CHECK(relative_link_text({"a", "b", "l"}, {"a"}) == "..");
}

TEST_CASE("a link's text is its blob's bytes; a missing blob is an error naming the link") {
  CraftedRepo repo;
  auto id = repo.blob("../target");
  CHECK(read_tree_link(repo.repository(), &id, "l").value() == "../target");
  git_oid missing{};
  REQUIRE(git_oid_fromstr(&missing, "0123456789abcdef0123456789abcdef01234567") == 0);
  auto error = read_tree_link(repo.repository(), &missing, "apps/l");
  REQUIRE_FALSE(error);
  CHECK(error.error().message.starts_with("cannot read the symbolic link 'apps/l': "));
}

TEST_CASE("export_tree refuses links that leave the tree, naming link and target") {
  CraftedRepo repo;
  auto refused = [&](const std::string& link_folder, const std::string& target) {
    auto link = repo.tree({{"120000", "evil.yaml", repo.blob(target)}});
    auto root = link_folder.empty() ? link : repo.tree({{"40000", link_folder, link}});
    return error_of(repo.export_to_dir(root));
  };
  auto outside = refused("", "../outside");
  CHECK(outside.find("'evil.yaml'") != std::string::npos);
  CHECK(outside.find("'../outside'") != std::string::npos);
  CHECK(outside.find("outside the repository") != std::string::npos);

  auto absolute = refused("", "/etc/passwd");
  CHECK(absolute.find("'evil.yaml'") != std::string::npos);
  CHECK(absolute.find("'/etc/passwd'") != std::string::npos);

  auto deeper = refused("apps", "../../etc/passwd");
  CHECK(deeper.find("'apps/evil.yaml'") != std::string::npos);
  CHECK(deeper.find("outside the repository") != std::string::npos);

  CHECK(refused("apps", "../apps/../../etc").find("outside the repository") != std::string::npos);
  CHECK(refused("", "missing.yaml").find("not in the commit") != std::string::npos);
  // Missing on the way: refused before any '..' is looked at.
  CHECK(refused("apps", "x/../../../etc").find("not in the commit") != std::string::npos);
  CHECK(refused("", "").find("empty") != std::string::npos);
}

TEST_CASE("export_tree refuses escapes through other links and loops") {
  CraftedRepo repo;
  // up -> .. is harmless alone; up/../x then leaves the root.
  auto chain = repo.tree({{"120000", "escape.yaml", repo.blob("up/../etc/passwd")},
                          {"120000", "up", repo.blob("..")}});
  auto nested = repo.tree({{"40000", "apps", chain}});
  auto escape = error_of(repo.export_to_dir(nested));
  CHECK(escape.find("outside the repository") != std::string::npos);

  auto hop = repo.tree({{"120000", "a", repo.blob("b")}, {"120000", "b", repo.blob("/etc")}});
  CHECK(error_of(repo.export_to_dir(hop)).find("outside the repository") != std::string::npos);

  auto cycle = repo.tree({{"120000", "a", repo.blob("b")}, {"120000", "b", repo.blob("a")}});
  CHECK(error_of(repo.export_to_dir(cycle)).find("too many levels") != std::string::npos);

  auto self = repo.tree({{"120000", "self", repo.blob(".")}});
  CHECK(error_of(repo.export_to_dir(self)).find("repository root") != std::string::npos);

  auto parent = repo.tree({{"120000", "loop", repo.blob("..")}});
  auto middle = repo.tree({{"40000", "sub", parent}});
  auto in_folder = repo.tree({{"40000", "apps", middle}, {"100644", "z", repo.blob("z")}});
  CHECK(error_of(repo.export_to_dir(in_folder)).find("a loop") != std::string::npos);

  git_oid submodule_commit{};
  REQUIRE(git_oid_fromstr(&submodule_commit, "0123456789abcdef0123456789abcdef01234567") == 0);
  auto into_submodule = repo.tree(
      {{"120000", "link", repo.blob("vendor/file")}, {"160000", "vendor", submodule_commit}});
  CHECK(error_of(repo.export_to_dir(into_submodule)).find("submodule") != std::string::npos);
}
