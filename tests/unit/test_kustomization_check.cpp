#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/temp_dir.hpp"
#include "render/kustomization_check.hpp"

using namespace kgitops;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << text;
}

const char* const k_config_map = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n";

// A repository folder `repo` beside an `outside` folder in a temporary dir.
struct Layout {
  TempDir dir{"kgitops-kustomization-check-"};
  fs::path root;
  fs::path outside;
  Layout() {
    fs::create_directories(dir.path() / "repo");
    fs::create_directories(dir.path() / "outside");
    root = fs::canonical(dir.path() / "repo");
    outside = fs::canonical(dir.path() / "outside");
  }
  std::string error(const std::string& folder, const std::vector<std::string>& hosts = {}) const {
    auto checked = check_kustomization(root, root / folder, hosts);
    REQUIRE_FALSE(checked);
    return to_string(checked.error());
  }
};

}  // namespace

TEST_CASE("remote entries are refused, naming the kustomization file and the entry") {
  Layout layout;
  const std::vector<std::pair<std::string, std::string>> remotes = {
      {"http://127.0.0.1:18777/evil.yaml", "127.0.0.1"},
      {"https://raw.example.com/x/deploy.yaml", "raw.example.com"},
      {"https://github.com/org/repo//deploy?ref=v1", "github.com"},
      {"git::https://git.example.com/org/repo.git//base", "git.example.com"},
      {"git@github.com:org/repo.git//base?ref=main", "github.com"},
      {"ssh://git.example.com:2222/org/repo.git", "git.example.com"},
      {"github.com/org/repo/deploy?ref=v1", "github.com"},
      {"gh:org/repo", "github.com"},
      {"example.com/org/repo//base", "example.com"},
  };
  for (const auto& [entry, host] : remotes) {
    CAPTURE(entry);
    for (const std::string field : {"resources", "bases", "components"}) {
      write(layout.root / "apps" / "prod" / "kustomization.yaml",
            field + ":\n- ../base\n- " + entry + "\n");
      CHECK(layout.error("apps/prod") ==
            "apps/prod/kustomization.yaml: " + field + " entry '" + entry + "' is remote (" + host +
                "); kustomize may read only the repository unless --kustomize-allow-host " +
                "names the host");
    }
  }
}

TEST_CASE("file:// entries are refused whatever hosts are allowed") {
  Layout layout;
  write(layout.root / "app" / "kustomization.yaml",
        "resources:\n- file://" + layout.outside.string() + "//base\n");
  CHECK(layout.error("app", {"localhost", ""}) ==
        "app/kustomization.yaml: resources entry 'file://" + layout.outside.string() +
            "//base' is outside the repository; kustomize may read only the repository");
}

TEST_CASE("every field kustomize loads from is checked, nested kustomizations too") {
  Layout layout;
  write(layout.root / "base" / "config.yaml", k_config_map);
  const std::vector<std::pair<std::string, std::string>> kustomizations = {
      {"patches:\n- path: https://example.com/p.yaml\n", "patches"},
      {"patchesStrategicMerge:\n- https://example.com/p.yaml\n", "patchesStrategicMerge"},
      {"openapi:\n  path: https://example.com/schema.json\n", "openapi"},
      {"generators:\n- https://example.com/gen.yaml\n", "generators"},
      {"transformers:\n- https://example.com/t.yaml\n", "transformers"},
      {"configMapGenerator:\n- name: c\n  files:\n  - key=https://example.com/f\n",
       "configMapGenerator"},
      {"helmCharts:\n- name: redis\n  repo: https://charts.example.com\n", "helmCharts"},
      {"helmCharts:\n- name: redis\n  repo: oci://registry.example.com/charts\n", "helmCharts"},
  };
  for (const auto& [text, field] : kustomizations) {
    CAPTURE(text);
    // Found through a local base, itself a kustomization.
    write(layout.root / "base" / "kustomization.yaml", text);
    write(layout.root / "app" / "kustomization.yaml", "resources:\n- ../base\n");
    const auto error = layout.error("app");
    CHECK(error.starts_with("base/kustomization.yaml: " + field + " entry '"));
    CHECK(error.find("' is remote (") != std::string::npos);
  }
}

TEST_CASE("a kustomization inflating Helm charts says so; its chart home stays inside") {
  Layout layout;
  write(layout.root / "app" / "kustomization.yaml", "resources: []\n");
  auto plain = check_kustomization(layout.root, layout.root / "app", {});
  REQUIRE(plain);
  CHECK_FALSE(plain->helm);
  // Found through a base.
  write(layout.root / "base" / "kustomization.yaml",
        "helmCharts:\n- name: web\n  valuesFile: values.yaml\n"
        "  additionalValuesFiles: [more.yaml]\n");
  write(layout.root / "app" / "kustomization.yaml", "resources:\n- ../base\n");
  auto charts = check_kustomization(layout.root, layout.root / "app", {});
  REQUIRE(charts);
  CHECK(charts->helm);

  write(layout.root / "base" / "kustomization.yaml",
        "helmGlobals:\n  chartHome: /etc\nhelmCharts:\n- name: web\n");
  CHECK(layout.error("app") ==
        "base/kustomization.yaml: helmGlobals entry '/etc' leads outside the repository");
  write(layout.root / "base" / "kustomization.yaml",
        "helmCharts:\n- name: web\n  additionalValuesFiles: [../../x.yaml]\n");
  CHECK(layout.error("app") ==
        "base/kustomization.yaml: helmCharts entry '../../x.yaml' leads outside the repository");
}

TEST_CASE("check_remote_reference: the rule of remote bases, for another tool") {
  CHECK(check_remote_reference("c/Chart.yaml", "dependencies", "charts/local", {}, "helm"));
  CHECK(check_remote_reference("c/Chart.yaml", "dependencies", "https://charts.example.com",
                               {"charts.example.com"}, "helm"));
  auto refused = check_remote_reference("c/Chart.yaml", "dependencies",
                                        "https://charts.example.com", {}, "helm");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message ==
        "c/Chart.yaml: dependencies entry 'https://charts.example.com' is remote "
        "(charts.example.com); helm may read only the repository unless --kustomize-allow-host "
        "names the host");
}

TEST_CASE("--kustomize-allow-host lets one host through, by name or name and port") {
  Layout layout;
  write(layout.root / "app" / "kustomization.yaml",
        "resources:\n- https://GitHub.com/org/repo//deploy?ref=v1\n"
        "- http://127.0.0.1:18777/x.yaml\n");
  CHECK(check_kustomization(layout.root, layout.root / "app", {"github.com", "127.0.0.1:18777"}));
  CHECK(check_kustomization(layout.root, layout.root / "app", {"github.com", "127.0.0.1"}));
  CHECK(layout.error("app", {"github.com", "127.0.0.1:9"})
            .find("'http://127.0.0.1:18777/x.yaml' is remote") != std::string::npos);
  CHECK(layout.error("app", {"gitlab.com"}).find("(github.com)") != std::string::npos);
}

TEST_CASE("an entry whose host is in doubt is refused whatever hosts are allowed") {
  Layout layout;
  // kustomize reads evil.example.com here; the last '@' would say github.com.
  write(layout.root / "app" / "kustomization.yaml",
        "resources:\n- https://evil.example.com/x@github.com/org/repo//deploy\n");
  CHECK(layout.error("app", {"github.com"}).find("its host is in doubt") != std::string::npos);
}

TEST_CASE("credentials in a remote entry never reach the message") {
  Layout layout;
  write(layout.root / "app" / "kustomization.yaml",
        "resources:\n- https://bot:s3cret@git.example.com/org/repo//base\n");
  const auto error = layout.error("app");
  CHECK(error.find("s3cret") == std::string::npos);
  CHECK(error.find("git.example.com/org/repo//base") != std::string::npos);
}

TEST_CASE("local paths that leave the repository are refused") {
  Layout layout;
  write(layout.outside / "config.yaml", k_config_map);
  write(layout.outside / "kustomization.yaml", "resources:\n- config.yaml\n");

  SUBCASE("by a relative path") {
    write(layout.root / "app" / "kustomization.yaml", "resources:\n- ../../outside\n");
  }
  SUBCASE("by a relative path to nothing") {
    write(layout.root / "app" / "kustomization.yaml", "resources:\n- ../../elsewhere\n");
  }
  SUBCASE("by an absolute path") {
    write(layout.root / "app" / "kustomization.yaml",
          "resources:\n- " + layout.outside.string() + "\n");
  }
  SUBCASE("by a symlinked folder") {
    fs::create_directories(layout.root / "app");
    fs::create_directory_symlink(layout.outside, layout.root / "app" / "base");
    write(layout.root / "app" / "kustomization.yaml", "bases:\n- base\n");
  }
  SUBCASE("by a symlinked resource file") {
    fs::create_directories(layout.root / "app");
    fs::create_symlink(layout.outside / "config.yaml", layout.root / "app" / "leak.yaml");
    write(layout.root / "app" / "kustomization.yaml", "resources:\n- leak.yaml\n");
  }
  SUBCASE("through another kustomization in the repository") {
    write(layout.root / "middle" / "kustomization.yaml", "components:\n- ../../outside\n");
    write(layout.root / "app" / "kustomization.yaml", "resources:\n- ../middle\n");
  }
  CHECK(layout.error("app").find("leads outside the repository") != std::string::npos);
}

TEST_CASE("local bases, dotted folder names and loops between kustomizations are fine") {
  Layout layout;
  write(layout.root / "base" / "kustomization.yaml", "resources:\n- config.yaml\n");
  write(layout.root / "base" / "config.yaml", k_config_map);
  write(layout.root / "v1.2" / "base" / "kustomization.yaml", "resources: []\n");
  write(layout.root / "overlays" / "prod" / "kustomization.yaml",
        "resources:\n- ../../base\n- ../../v1.2/base\n- missing.yaml\n"
        "patchesStrategicMerge:\n- |\n  kind: ConfigMap\n");
  CHECK(check_kustomization(layout.root, layout.root / "overlays" / "prod", {}));
  write(layout.root / "app" / "kustomization.yaml", "resources:\n- v1.2/base\n");
  fs::create_directory_symlink("../v1.2", layout.root / "app" / "v1.2");
  CHECK(check_kustomization(layout.root, layout.root / "app", {}));
  write(layout.root / "a" / "kustomization.yaml", "resources:\n- ../b\n");
  write(layout.root / "b" / "kustomization.yaml", "resources:\n- ../a\n");
  CHECK(check_kustomization(layout.root, layout.root / "a", {}));
}

TEST_CASE("kustomization_local_paths lists the local entries a build reads") {
  auto paths = kustomization_local_paths(
      "resources:\n- ../base\n- https://example.com/x.yaml\n- git@github.com:o/r\n"
      "components: [../extra]\npatches:\n- path: p.yaml\n- patch: inline\n"
      "configMapGenerator:\n- name: c\n  files: [k=f.txt]\n  envs: [e.env]\n"
      "helmCharts:\n- repo: https://charts.example.com\n  valuesFile: values.yaml\n",
      "k.yaml");
  REQUIRE(paths);
  CHECK(*paths ==
        std::vector<std::string>{"../base", "../extra", "p.yaml", "f.txt", "e.env", "values.yaml"});
  CHECK(to_string(kustomization_local_paths("a: [unclosed\n", "k.yaml").error())
            .starts_with("k.yaml:"));
}
