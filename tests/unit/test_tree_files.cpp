#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "crafted_repo.hpp"
#include "git/tree_files.hpp"
#include "render/renderer.hpp"

using namespace kgitops;
using test::CraftedRepo;

namespace {

std::string configmap(const std::string& name) {
  return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n";
}

// The plain folder `path` of the tree `root`, or nullopt when it is not plain.
std::optional<std::vector<TreeFile>> plain(CraftedRepo& repo, const git_oid& root,
                                           ExportScope scope) {
  auto tree = repo.lookup_tree(root);
  auto files = read_plain_folder(repo.repository(), tree.get(), scope);
  REQUIRE(files);
  return *files;
}

std::optional<std::vector<TreeFile>> plain(CraftedRepo& repo, const git_oid& root,
                                           const std::string& path = "") {
  ExportScope scope;
  scope.path = path;
  return plain(repo, root, scope);
}

std::vector<std::string> paths_of(const std::vector<TreeFile>& files) {
  std::vector<std::string> paths;
  for (const auto& file : files) {
    paths.push_back(file.path);
  }
  return paths;
}

// name@file:line of each manifest, in render order.
std::vector<std::string> rendered(const Result<std::vector<Manifest>>& manifests) {
  REQUIRE(manifests);
  std::vector<std::string> result;
  for (const auto& manifest : *manifests) {
    result.push_back(name_of(manifest.object) + "@" + to_string(manifest.source));
  }
  return result;
}

}  // namespace

TEST_CASE("a plain folder's manifest files are read from the tree, hidden ones and others not") {
  CraftedRepo repo;
  git_oid submodule{};
  REQUIRE(git_oid_fromstr(&submodule, "0123456789abcdef0123456789abcdef01234567") == 0);
  const auto same = repo.blob(configmap("same"));
  auto hidden = repo.tree({{"100644", "kustomization.yaml", repo.blob("resources: []\n")}});
  auto nested = repo.tree({{"100644", "b.yml", same}, {"100644", "notes.txt", repo.blob("x")}});
  auto app = repo.tree({{"40000", ".hidden", hidden},
                        {"100644", ".skipped.yaml", repo.blob("not: read\n")},
                        {"100644", "a.yaml", same},
                        {"100755", "c.json", repo.blob("{}")},
                        {"40000", "nested", nested},
                        {"160000", "vendor", submodule}});
  auto root = repo.tree({{"40000", "app", app}, {"100644", "top.yaml", repo.blob("x: 1\n")}});
  const auto files = plain(repo, root, "./app/");
  REQUIRE(files);
  CHECK(paths_of(*files) ==
        std::vector<std::string>{"app/a.yaml", "app/c.json", "app/nested/b.yml"});
  CHECK(files->at(0).content == configmap("same"));
  CHECK(files->at(0).blob == oid_hex(same));
  CHECK(files->at(0).blob == files->at(2).blob);  // equal bytes, equal ids
  const auto whole = plain(repo, root);
  REQUIRE(whole);
  CHECK(paths_of(*whole).front() == "app/a.yaml");
  CHECK(paths_of(*whole).back() == "top.yaml");
}

TEST_CASE("a folder that is not plain is left to the export") {
  CraftedRepo repo;
  const auto object = repo.blob(configmap("a"));
  auto with = [&](const std::string& mode, const std::string& name, const git_oid& id) {
    auto inner = repo.tree({{mode, name, id}});
    auto app = repo.tree({{"100644", "a.yaml", object}, {"40000", "sub", inner}});
    return repo.tree({{"40000", "app", app}});
  };
  CHECK_FALSE(plain(repo, with("100644", "kustomization.yaml", object), "app"));
  CHECK_FALSE(plain(repo, with("100644", "Kustomization", object), "app"));
  CHECK_FALSE(plain(repo, with("100644", "Chart.yaml", object), "app"));
  CHECK_FALSE(plain(repo, with("120000", "link.yaml", repo.blob("../a.yaml")), "app"));
  CHECK_FALSE(plain(repo, with("100644", "caf\xe9.yaml", object), "app"));
  const auto simple = with("100644", "b.yaml", object);
  CHECK(plain(repo, simple, "app"));
  CHECK_FALSE(plain(repo, simple, "missing"));     // the render says it is missing
  CHECK_FALSE(plain(repo, simple, "app/a.yaml"));  // a file, not a folder
  CHECK_FALSE(plain(repo, simple, "app/../app"));
  CHECK_FALSE(plain(repo, simple, "/app"));
  ExportScope values;
  values.path = "app";
  values.files = {"values.yaml"};
  CHECK_FALSE(plain(repo, simple, values));
  auto linked = repo.tree({{"120000", "alias", repo.blob("app")},
                           {"40000", "app", repo.tree({{"100644", "a.yaml", object}})}});
  CHECK_FALSE(plain(repo, linked, "alias"));
}

TEST_CASE("a plain folder over the scope's budgets is left to the export, which refuses it") {
  CraftedRepo repo;
  auto app = repo.tree({{"100644", "a.yaml", repo.blob(configmap("a"))},
                        {"100644", "b.yaml", repo.blob(configmap("b"))}});
  auto root = repo.tree({{"40000", "app", app}});
  ExportScope scope;
  scope.path = "app";
  CHECK(plain(repo, root, scope));
  scope.max_files = 1;
  CHECK_FALSE(plain(repo, root, scope));
  scope.max_files = 100;
  scope.max_bytes = configmap("a").size() + 1;
  CHECK_FALSE(plain(repo, root, scope));
}

TEST_CASE("read from the tree, a folder renders as it does written out") {
  CraftedRepo repo;
  auto list = "apiVersion: v1\nkind: List\nitems:\n- " +
              std::string("{apiVersion: v1, kind: ConfigMap, metadata: {name: in-list}}\n");
  auto deeper = repo.tree({{"100644", "z.yaml", repo.blob(configmap("a-z"))}});
  // In git's order, which sorts the folder "a" as "a/", after "a-b.yaml" and
  // "a.yaml"; rendering reads it first, as it reads written-out folders.
  auto app =
      repo.tree({{"100644", "a-b.yaml", repo.blob(configmap("a-b"))},
                 {"100644", "a.yaml", repo.blob(configmap("a") + "---\n" + configmap("a2"))},
                 {"40000", "a", deeper},
                 {"100644", "b.json",
                  repo.blob(R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"b"}})")},
                 {"100644", "list.yml", repo.blob(list)}});
  auto root = repo.tree({{"40000", "app", app}});
  auto files = plain(repo, root, "app");
  REQUIRE(files);
  RenderOptions from_tree;
  from_tree.path = "app";
  from_tree.tree_files = &*files;
  REQUIRE(repo.export_to_dir(root, ExportScope{"app"}));
  RenderOptions written_out;
  written_out.root = repo.output();
  written_out.path = "app";
  const auto expected = rendered(render(written_out));
  CHECK(expected == std::vector<std::string>{"a-z@app/a/z.yaml:1", "a-b@app/a-b.yaml:1",
                                             "a@app/a.yaml:1", "a2@app/a.yaml:6", "b@app/b.json:1",
                                             "in-list@app/list.yml:1"});
  CHECK(rendered(render(from_tree)) == expected);
}

TEST_CASE("read from the tree, a broken file is named with its line, and duplicates are refused") {
  CraftedRepo repo;
  auto app = repo.tree({{"100644", "a.yaml", repo.blob(configmap("a"))},
                        {"100644", "b.yaml", repo.blob("a: 1\nb: [unclosed\n")}});
  auto root = repo.tree({{"40000", "app", app}});
  auto files = plain(repo, root, "app");
  REQUIRE(files);
  RenderOptions options;
  options.path = "app";
  options.tree_files = &*files;
  auto broken = render(options);
  REQUIRE_FALSE(broken);
  CHECK(broken.error().where.file == "app/b.yaml");
  CHECK(broken.error().where.line > 0);

  files->at(1).content = configmap("a");
  auto twice = render(options);
  REQUIRE_FALSE(twice);
  CHECK(to_string(twice.error()) == "ConfigMap a declared twice: app/a.yaml:1 and app/b.yaml:1");
  options.helm_values.set = {"replicas=2"};
  files->at(1).content = configmap("b");
  auto values = render(options);
  REQUIRE_FALSE(values);
  CHECK(to_string(values.error()) ==
        "--values and --set are for Helm charts, and path 'app' holds no Chart.yaml");
}
