#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "core/temp_dir.hpp"
#include "render/renderer.hpp"

using namespace kgitops;
namespace fs = std::filesystem;

namespace {

std::string object_yaml(const std::string& kind, const std::string& name,
                        const std::string& api_version = "v1") {
  return "apiVersion: " + api_version + "\nkind: " + kind + "\nmetadata:\n  name: " + name + "\n";
}

// A repository checkout `repo` beside an `outside` folder in a temporary dir.
struct Repo {
  TempDir dir{"kgitops-render-"};
  fs::path root;
  fs::path outside;
  Repo() {
    fs::create_directories(dir.path() / "repo");
    fs::create_directories(dir.path() / "outside");
    root = dir.path() / "repo";
    outside = dir.path() / "outside";
  }
  void write(const std::string& path, const std::string& text) const {
    fs::create_directories((root / path).parent_path());
    std::ofstream(root / path) << text;
  }
  Result<std::vector<Manifest>> render(const std::string& path = "") const {
    return kgitops::render(RenderOptions{root, path, "kubectl"});
  }
  std::string render_error(const std::string& path = "") const {
    auto manifests = render(path);
    REQUIRE_FALSE(manifests);
    return to_string(manifests.error());
  }
};

std::vector<std::string> names(const std::vector<Manifest>& manifests) {
  std::vector<std::string> result;
  for (const auto& manifest : manifests) {
    result.push_back(name_of(manifest.object));
  }
  return result;
}

std::vector<std::string> files(const std::vector<Manifest>& manifests) {
  std::vector<std::string> result;
  for (const auto& manifest : manifests) {
    result.push_back(to_string(manifest.source));
  }
  return result;
}

}  // namespace

TEST_CASE("render walks nested folders in path order, reading .yaml, .yml and .json") {
  Repo repo;
  repo.write("b.yaml", object_yaml("ConfigMap", "b"));
  repo.write("a/z.yml", object_yaml("ConfigMap", "az"));
  repo.write("a/m/deep.yaml", object_yaml("ConfigMap", "amdeep"));
  repo.write("a.json",
             R"({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "ajson"}})");
  repo.write("README.md", "# not a manifest\n");
  repo.write("notes.txt", "apiVersion: broken");
  repo.write(".github/workflows/ci.yaml", "on: push\n");
  repo.write("a/.hidden.yaml", "not: an object\n");
  auto manifests = repo.render();
  REQUIRE_MESSAGE(manifests, (manifests ? "" : to_string(manifests.error())));
  CHECK(names(*manifests) == std::vector<std::string>{"amdeep", "az", "ajson", "b"});
  CHECK(files(*manifests) ==
        std::vector<std::string>{"a/m/deep.yaml:1", "a/z.yml:1", "a.json:1", "b.yaml:1"});
}

TEST_CASE("render reads only the folder `path` names") {
  Repo repo;
  repo.write("apps/web/web.yaml", object_yaml("ConfigMap", "web"));
  repo.write("apps/db.yaml", object_yaml("ConfigMap", "db"));
  repo.write("other.yaml", object_yaml("ConfigMap", "other"));
  CHECK(names(repo.render("apps/web").value()) == std::vector<std::string>{"web"});
  CHECK(names(repo.render("apps").value()) == std::vector<std::string>{"db", "web"});
  CHECK(names(repo.render(".").value()).size() == 3);
  // A single file works too.
  CHECK(names(repo.render("other.yaml").value()) == std::vector<std::string>{"other"});
}

TEST_CASE("multi-document files keep document order and each document's line") {
  Repo repo;
  repo.write("all.yaml", "# header\n" + object_yaml("ConfigMap", "one") + "---\n---\n# empty\n" +
                             "---\n" + object_yaml("Secret", "two"));
  auto manifests = repo.render().value();
  CHECK(names(manifests) == std::vector<std::string>{"one", "two"});
  CHECK(files(manifests) == std::vector<std::string>{"all.yaml:2", "all.yaml:10"});
}

TEST_CASE("a List is expanded into its items") {
  Repo repo;
  repo.write("list.yaml",
             "apiVersion: v1\nkind: List\nitems:\n"
             "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: first}\n"
             "- apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: second}\n");
  repo.write("empty-list.yaml", "apiVersion: v1\nkind: List\nitems: []\n");
  auto manifests = repo.render().value();
  CHECK(names(manifests) == std::vector<std::string>{"first", "second"});
  CHECK(kind_of(manifests[1].object) == "Deployment");
  CHECK(to_string(manifests[0].source) == "list.yaml:1");

  repo.write("bad-list.yaml", "apiVersion: v1\nkind: List\nitems:\n- just a string\n");
  CHECK(repo.render_error() == "bad-list.yaml:1: document is not a map but string");
}

TEST_CASE("a kustomization folder is built by kubectl kustomize, not read file by file") {
  Repo repo;
  repo.write("apps/web/kustomization.yaml", "namePrefix: web-\nresources:\n- config.yaml\n");
  repo.write("apps/web/config.yaml", object_yaml("ConfigMap", "settings"));
  // Neither read on its own: a patch fragment and a subfolder.
  repo.write("apps/web/patch.yaml", "spec:\n  replicas: 3\n");
  repo.write("apps/web/sub/extra.yaml", object_yaml("ConfigMap", "extra"));
  repo.write("apps/z.yaml", object_yaml("ConfigMap", "plain"));
  auto manifests = repo.render();
  REQUIRE_MESSAGE(manifests, (manifests ? "" : to_string(manifests.error())));
  CHECK(names(*manifests) == std::vector<std::string>{"web-settings", "plain"});
  CHECK((*manifests)[0].source.file == "apps/web/kustomization.yaml");
  CHECK((*manifests)[0].source.line == 0);
  CHECK((*manifests)[0].object["metadata"]["name"] == "web-settings");
}

TEST_CASE("a chart folder is rendered by helm as the app's release, not read file by file") {
  Repo repo;
  repo.write("apps/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.0.0\n");
  repo.write("apps/web/values.yaml", "replicas: 1\n");
  repo.write("apps/web/templates/config.yaml", "{{ .Values.replicas }}: [\n");
  repo.write("apps/z.yaml", object_yaml("ConfigMap", "plain"));
  // Stands in for helm: prints a ConfigMap named after the release and namespace.
  const auto helm = repo.outside / "helm";
  std::ofstream(helm) << "#!/bin/sh\necho '# Source: web/templates/config.yaml'\n"
                         "printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: %s-%s\\n' "
                         "\"$2\" \"$5\"\n";
  fs::permissions(helm, fs::perms::owner_exec, fs::perm_options::add);
  RenderOptions options{repo.root, "", "kubectl"};
  options.helm = helm.string();
  options.release = "shop";
  options.ns = "prod";
  auto manifests = kgitops::render(options);
  REQUIRE_MESSAGE(manifests, (manifests ? "" : manifests.error().message));
  CHECK(names(*manifests) == std::vector<std::string>{"shop-prod", "plain"});
  CHECK(files(*manifests) ==
        std::vector<std::string>{"apps/web/templates/config.yaml", "apps/z.yaml:1"});

  SUBCASE("a remote dependency is refused before helm runs") {
    repo.write("apps/web/Chart.yaml",
               "apiVersion: v2\nname: web\ndependencies:\n- name: db\n  repository: "
               "https://charts.example.com\n");
    CHECK(kgitops::render(options).error().message.starts_with(
        "apps/web/Chart.yaml: dependencies entry 'https://charts.example.com' is remote"));
  }
  SUBCASE("a folder both a chart and a kustomization is refused") {
    repo.write("apps/web/kustomization.yaml", "resources: []\n");
    CHECK(kgitops::render(options).error().message.starts_with(
        "apps/web: holds both a Chart.yaml and a kustomization"));
  }
  SUBCASE("values without a chart are an error, not ignored") {
    options.path = "apps/z.yaml";
    options.helm_values.set = {"a=b"};
    CHECK(kgitops::render(options).error().message ==
          "--values and --set are for Helm charts, and path 'apps/z.yaml' holds no Chart.yaml");
  }
  SUBCASE("no helm") {
    options.helm = "kgitops-no-such-helm";
    CHECK(kgitops::render(options).error().message.starts_with(
        "apps/web: a Helm chart (Chart.yaml), and 'kgitops-no-such-helm' is not on PATH"));
  }
}

TEST_CASE("kustomize errors name the folder and carry kubectl's message") {
  Repo repo;
  repo.write("apps/web/kustomization.yml", "resources:\n- nowhere.yaml\n");
  const auto message = repo.render_error();
  CHECK(message.starts_with("apps/web: kubectl kustomize failed: "));
  CHECK(message.find("nowhere.yaml") != std::string::npos);
}

TEST_CASE("symlinks leading outside the repository are refused") {
  Repo repo;
  std::ofstream(repo.outside / "secret.yaml") << object_yaml("Secret", "stolen");
  repo.write("apps/ok.yaml", object_yaml("ConfigMap", "ok"));

  SUBCASE("a file") {
    fs::create_symlink(repo.outside / "secret.yaml", repo.root / "apps" / "leak.yaml");
    CHECK(repo.render_error() ==
          "apps/leak.yaml: leads outside the repository (through a symlink)");
  }
  SUBCASE("a relative link to a file") {
    fs::create_symlink("../../outside/secret.yaml", repo.root / "apps" / "leak.yaml");
    CHECK(repo.render_error().starts_with("apps/leak.yaml: leads outside the repository"));
  }
  SUBCASE("a folder") {
    fs::create_directory_symlink(repo.outside, repo.root / "apps" / "linked");
    CHECK(repo.render_error() == "apps/linked: leads outside the repository (through a symlink)");
  }
  SUBCASE("the folder `path` names") {
    fs::create_directory_symlink(repo.outside, repo.root / "linked");
    CHECK(repo.render_error("linked") ==
          "path 'linked': leads outside the repository (through a symlink)");
  }
}

TEST_CASE("symlinks inside the repository are followed; loops are refused") {
  Repo repo;
  repo.write("shared/config.yaml", object_yaml("ConfigMap", "shared"));
  fs::create_directories(repo.root / "apps");
  fs::create_symlink("../shared/config.yaml", repo.root / "apps" / "config.yaml");
  CHECK(names(repo.render("apps").value()) == std::vector<std::string>{"shared"});

  fs::create_directory_symlink("..", repo.root / "apps" / "up");
  // `up` leads back to the root, whose `apps` is where the walk started.
  CHECK(repo.render_error("apps") == "apps/up/apps: symlink loop");
}

TEST_CASE("`path` must stay inside the repository and exist") {
  Repo repo;
  std::ofstream(repo.outside / "secret.yaml") << object_yaml("Secret", "stolen");
  CHECK(repo.render_error("../outside") == "path '../outside' leaves the repository");
  CHECK(repo.render_error("apps/../../outside") ==
        "path 'apps/../../outside' leaves the repository");
  CHECK(repo.render_error(repo.outside.string()) ==
        "path '" + repo.outside.string() + "' must be relative to the repository root");
  CHECK(repo.render_error("apps/missing") ==
        "path 'apps/missing' does not exist in the repository");
}

TEST_CASE("alias bombs and deep nesting are refused, naming file and line") {
  Repo repo;
  SUBCASE("billion laughs") {
    std::string text = "# a bomb\n" + object_yaml("ConfigMap", "lol") + "data:\n  a: &a [lol";
    for (int i = 0; i < 9; ++i) {
      text += ",lol";
    }
    text += "]\n";
    for (char level = 'b'; level <= 'j'; ++level) {
      const char previous = static_cast<char>(level - 1);
      text += std::string("  ") + level + ": &" + level + " [";
      for (int i = 0; i < 10; ++i) {
        text += std::string(i == 0 ? "" : ",") + "*" + previous;
      }
      text += "]\n";
    }
    repo.write("bomb.yaml", text);
    const auto started = std::chrono::steady_clock::now();
    CHECK(repo.render_error() ==
          "bomb.yaml:2: refusing a YAML document that expands to more than 1000000 nodes (alias "
          "bomb?)");
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(1));
  }
  SUBCASE("nesting") {
    repo.write("deep.yaml", object_yaml("ConfigMap", "deep") + "data: " + std::string(200, '[') +
                                std::string(200, ']') + "\n");
    CHECK(repo.render_error() ==
          "deep.yaml:5: refusing a YAML document nested more than 100 levels deep");
  }
  SUBCASE("nesting in JSON") {
    repo.write("deep.json", std::string(200, '[') + std::string(200, ']'));
    CHECK(repo.render_error() ==
          "deep.json: refusing a JSON document nested more than 100 levels deep");
  }
}

TEST_CASE("files larger than 16 MiB are refused before reading") {
  Repo repo;
  repo.write("huge.yaml", "");
  fs::resize_file(repo.root / "huge.yaml", 17 * 1024 * 1024);
  CHECK(repo.render_error() == "huge.yaml: refusing a file larger than 16 MiB");
}

TEST_CASE("malformed documents name file and line") {
  Repo repo;
  SUBCASE("YAML") {
    repo.write("apps/bad.yaml", object_yaml("ConfigMap", "x") + "data:\n  key: [unclosed\n");
    const auto message = repo.render_error();
    CHECK(message.starts_with("apps/bad.yaml:"));
    CHECK(message.find("end of sequence flow not found") != std::string::npos);
  }
  SUBCASE("YAML, with the line of the error") {
    repo.write("bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n bad: 1\n");
    CHECK(repo.render_error().starts_with("bad.yaml:5: "));
  }
  SUBCASE("JSON") {
    repo.write("bad.json", "{\n  \"apiVersion\": \"v1\",\n  \"kind\": ConfigMap\n}\n");
    const auto message = repo.render_error();
    CHECK(message.starts_with("bad.json:3: invalid JSON: "));
  }
}

TEST_CASE("every object needs apiVersion, kind and metadata.name") {
  Repo repo;
  SUBCASE("name") {
    repo.write("a.yaml", object_yaml("ConfigMap", "ok") + "---\n# next\napiVersion: v1\n" +
                             "kind: ConfigMap\nmetadata:\n  labels: {a: b}\n");
    CHECK(repo.render_error() == "a.yaml:7: object has no metadata.name");
  }
  SUBCASE("empty name") {
    repo.write("a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"\"\n");
    CHECK(repo.render_error() == "a.yaml:1: object has no metadata.name");
  }
  SUBCASE("name that is not a string") {
    repo.write("a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: 5\n");
    CHECK(repo.render_error() == "a.yaml:1: metadata.name must be a string, not number");
  }
  SUBCASE("kind") {
    repo.write("a.yaml", "apiVersion: v1\nmetadata:\n  name: x\n");
    CHECK(repo.render_error() == "a.yaml:1: object has no kind");
  }
  SUBCASE("apiVersion") {
    repo.write("a.yaml", "kind: ConfigMap\nmetadata:\n  name: x\n");
    CHECK(repo.render_error() == "a.yaml:1: object has no apiVersion");
  }
  SUBCASE("a document that is not a map") {
    repo.write("a.yaml", "- apiVersion: v1\n");
    CHECK(repo.render_error() == "a.yaml:1: document is not a map but array");
  }
}

TEST_CASE("an object declared twice is an error naming both places") {
  Repo repo;
  repo.write("a.yaml", object_yaml("Deployment", "web", "apps/v1"));
  repo.write("b/c.yaml", object_yaml("ConfigMap", "other") + "---\n" +
                             object_yaml("Deployment", "web", "apps/v1beta2"));
  CHECK(repo.render_error() == "apps/Deployment web declared twice: a.yaml:1 and b/c.yaml:6");
}

TEST_CASE("duplicates compare namespaces as written") {
  Repo repo;
  repo.write("a.yaml", object_yaml("ConfigMap", "web"));
  repo.write("b.yaml", object_yaml("ConfigMap", "web") + "  namespace: prod\n");
  CHECK(repo.render().value().size() == 2);
  repo.write("c.yaml", object_yaml("ConfigMap", "web") + "  namespace: prod\n");
  CHECK(repo.render_error() == "ConfigMap prod/web declared twice: b.yaml:1 and c.yaml:1");
}

TEST_CASE("values convert as Kubernetes reads YAML") {
  Repo repo;
  repo.write("svc.yaml", object_yaml("Service", "web") +
                             "  labels:\n    quoted: \"8080\"\n    single: 'on'\n"
                             "spec:\n  ports:\n  - port: 8080\n    name: http\n  enabled: on\n"
                             "  ratio: 0.5\n  mode: 0644\n");
  auto manifests = repo.render().value();
  const auto& object = manifests.front().object;
  CHECK(object["metadata"]["labels"]["quoted"] == Json("8080"));
  CHECK(object["metadata"]["labels"]["single"] == Json("on"));
  CHECK(object["spec"]["ports"][0]["port"] == Json(8080));
  CHECK(object["spec"]["ports"][0]["port"].is_number_integer());
  CHECK(object["spec"]["enabled"] == Json(true));
  CHECK(object["spec"]["ratio"] == Json(0.5));
  CHECK(object["spec"]["mode"] == Json(420));
}

TEST_CASE("merge keys work in manifests") {
  Repo repo;
  repo.write("deploy.yaml",
             "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n"
             "  labels: &labels\n    app: web\n    tier: front\n"
             "spec:\n  selector:\n    matchLabels:\n      <<: *labels\n      tier: back\n");
  auto manifests = repo.render().value();
  CHECK(manifests.front().object["spec"]["selector"]["matchLabels"] ==
        Json{{"app", "web"}, {"tier", "back"}});
}

TEST_CASE("labels and annotations must be maps of strings, as the API server decodes them") {
  Repo repo;
  SUBCASE("a list") {
    repo.write("a.yaml", object_yaml("ConfigMap", "ok") + "---\n" + object_yaml("ConfigMap", "x") +
                             "  labels: [oops]\n");
    CHECK(repo.render_error() == "a.yaml:6: metadata.labels must be a map of strings, not array");
  }
  SUBCASE("a number as a value") {
    repo.write("a.yaml", object_yaml("ConfigMap", "x") + "  annotations:\n    replicas: 3\n");
    CHECK(repo.render_error() ==
          "a.yaml:1: metadata.annotations.replicas must be a string, not number (quote it)");
  }
  SUBCASE("in a List's items") {
    repo.write("list.json", R"({"apiVersion": "v1", "kind": "List", "items": [
      {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x", "labels": "a=b"}}]})");
    CHECK(repo.render_error() ==
          "list.json:1: metadata.labels must be a map of strings, not string");
  }
  SUBCASE("metadata itself") {
    repo.write("a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: [x]\n");
    CHECK(repo.render_error() == "a.yaml:1: metadata must be a map, not array");
  }
  SUBCASE("a namespace that is not a string") {
    repo.write("a.yaml", object_yaml("ConfigMap", "x") + "  namespace: 5\n");
    CHECK(repo.render_error() == "a.yaml:1: metadata.namespace must be a string, not number");
  }
}

TEST_CASE("one byte that is not UTF-8 fails the render with file and line, not an exception") {
  Repo repo;
  repo.write("apps/ok.yaml", object_yaml("ConfigMap", "ok"));
  repo.write("apps/bad.yaml", object_yaml("ConfigMap", "bad") + "data:\n  menu: caf\xe9\n");
  Result<std::vector<Manifest>> manifests;
  CHECK_NOTHROW(manifests = repo.render());
  REQUIRE_FALSE(manifests);
  CHECK(to_string(manifests.error()) ==
        "apps/bad.yaml:6: invalid UTF-8 (byte \\xe9): manifests must be UTF-8 text");
}

TEST_CASE("a JSON manifest setting a key twice is refused") {
  Repo repo;
  repo.write("secret.json",
             "{\"apiVersion\": \"v1\", \"kind\": \"Secret\",\n \"metadata\": {\"name\": \"s\"},\n"
             " \"kind\": \"ConfigMap\"}\n");
  CHECK(repo.render_error() == "secret.json:3: key \"kind\" already set in this object");
}

TEST_CASE("a file name that is not UTF-8 is refused, shown escaped") {
  Repo repo;
  repo.write("apps/caf\xe9.yaml", object_yaml("ConfigMap", "x"));
  CHECK(repo.render_error() == "apps/caf\\xe9.yaml: file and folder names must be UTF-8");
}

TEST_CASE("folder links that reach one folder many times read it once, or fail fast") {
  Repo repo;
  repo.write("level0/config.yaml", object_yaml("ConfigMap", "shared"));
  // Each level links twice to the one below: 2^30 walks if followed blindly.
  for (int level = 1; level <= 30; ++level) {
    const auto folder = repo.root / ("level" + std::to_string(level));
    fs::create_directories(folder);
    fs::create_directory_symlink("../level" + std::to_string(level - 1), folder / "a");
    fs::create_directory_symlink("../level" + std::to_string(level - 1), folder / "b");
  }
  std::string deepest = "level30";
  for (int level = 30; level > 1; --level) {
    deepest += "/a";
  }
  const auto started = std::chrono::steady_clock::now();
  CHECK(repo.render_error("level30") ==
        deepest + "/b: leads to the folder 'level0', already " + "read as '" + deepest + "/a'");
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
  CHECK(names(repo.render("level1/a").value()) == std::vector<std::string>{"shared"});
}

TEST_CASE("a kustomization naming a remote resource is refused before kustomize runs") {
  Repo repo;
  repo.write("app/kustomization.yaml", "resources:\n- http://127.0.0.1:1/evil.yaml\n");
  CHECK(repo.render_error("app") ==
        "app/kustomization.yaml: resources entry 'http://127.0.0.1:1/evil.yaml' is remote "
        "(127.0.0.1); kustomize may read only the repository unless --kustomize-allow-host "
        "names the host");
}
