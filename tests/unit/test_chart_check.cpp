#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/temp_dir.hpp"
#include "render/chart_check.hpp"

using namespace kgitops;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << text;
}

// A chart `web` in a repository folder `repo`, beside an `outside` folder.
struct Layout {
  TempDir dir{"kgitops-chart-check-"};
  fs::path root;
  fs::path chart;
  fs::path outside;
  Layout() {
    fs::create_directories(dir.path() / "repo" / "web" / "templates");
    fs::create_directories(dir.path() / "outside");
    root = fs::canonical(dir.path() / "repo");
    chart = root / "web";
    outside = fs::canonical(dir.path() / "outside");
  }
  void chart_with_dependency(const std::string& repository, const std::string& name = "redis") {
    write(chart / "Chart.yaml",
          "apiVersion: v2\nname: web\nversion: 1.0.0\ndependencies:\n- name: " + name +
              "\n  version: 1.2.3\n  repository: \"" + repository + "\"\n");
  }
  std::string error(const std::vector<std::string>& hosts = {}) const {
    auto checked = check_chart(root, chart, hosts);
    REQUIRE_FALSE(checked);
    return to_string(checked.error());
  }
};

}  // namespace

TEST_CASE("check_chart: a chart with local or vendored dependencies passes") {
  Layout layout;
  write(layout.chart / "Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.0.0\n");
  CHECK(check_chart(layout.root, layout.chart, {}));

  layout.chart_with_dependency("");
  CHECK(check_chart(layout.root, layout.chart, {}));
  layout.chart_with_dependency("file://../common");
  CHECK(check_chart(layout.root, layout.chart, {}));

  SUBCASE("vendored as a folder, found by its chart name") {
    layout.chart_with_dependency("https://charts.example.com/stable");
    write(layout.chart / "charts" / "cache" / "Chart.yaml", "apiVersion: v2\nname: redis\n");
    CHECK(check_chart(layout.root, layout.chart, {}));
  }
  SUBCASE("vendored as an archive") {
    layout.chart_with_dependency("oci://registry.example.com/charts");
    write(layout.chart / "charts" / "redis-1.2.3.tgz", "not read");
    CHECK(check_chart(layout.root, layout.chart, {}));
  }
}

TEST_CASE("check_chart: a remote dependency not vendored is refused unless its host is allowed") {
  Layout layout;
  layout.chart_with_dependency("https://charts.example.com/stable");
  CHECK(layout.error() ==
        "web/Chart.yaml: dependencies entry 'https://charts.example.com/stable' is remote "
        "(charts.example.com); helm may read only the repository unless --kustomize-allow-host "
        "names the host; or vendor the chart 'redis' in charts/ (helm dependency build) and "
        "commit it");
  CHECK(check_chart(layout.root, layout.chart, {"charts.example.com"}));
  CHECK(layout.error({"other.example.com"}).find("is remote (charts.example.com)") !=
        std::string::npos);

  // Vendored under another name only: still missing.
  write(layout.chart / "charts" / "other" / "Chart.yaml", "name: other\n");
  CHECK_FALSE(check_chart(layout.root, layout.chart, {}));

  layout.chart_with_dependency("oci://user:token@registry.example.com:5000/charts");
  const auto oci = layout.error();
  CHECK(oci.find("is remote (registry.example.com)") != std::string::npos);
  CHECK(oci.find("token") == std::string::npos);
  CHECK(check_chart(layout.root, layout.chart, {"registry.example.com:5000"}));
}

TEST_CASE("check_chart: helm's own repository names are never read") {
  Layout layout;
  layout.chart_with_dependency("@bitnami");
  CHECK(layout.error({"bitnami"}) ==
        "web/Chart.yaml: dependency 'redis' names the helm repository '@bitnami', and helm's "
        "own repositories are never read; vendor the chart in charts/ (helm dependency build) "
        "and commit it");
  layout.chart_with_dependency("alias:stable");
  CHECK(layout.error().find("names the helm repository 'alias:stable'") != std::string::npos);
}

TEST_CASE("check_chart: requirements.yaml and vendored charts' own dependencies count") {
  Layout layout;
  write(layout.chart / "Chart.yaml", "apiVersion: v1\nname: web\nversion: 1.0.0\n");
  write(layout.chart / "requirements.yaml",
        "dependencies:\n- name: db\n  repository: https://charts.example.com\n");
  CHECK(layout.error().starts_with("web/requirements.yaml: dependencies entry"));
  write(layout.chart / "requirements.yaml", "dependencies: []\n");
  write(layout.chart / "charts" / "db" / "Chart.yaml",
        "name: db\ndependencies:\n- name: common\n  repository: https://charts.example.com\n");
  CHECK(layout.error().starts_with("web/charts/db/Chart.yaml: dependencies entry"));
}

TEST_CASE("check_chart: a link leading outside the repository is refused") {
  Layout layout;
  write(layout.chart / "Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.0.0\n");
  write(layout.outside / "secret.yaml", "kind: Secret\n");
  write(layout.root / "shared" / "labels.tpl", "{{- define \"labels\" }}{{ end }}\n");
  fs::create_symlink(layout.root / "shared", layout.chart / "templates" / "shared");
  CHECK(check_chart(layout.root, layout.chart, {}));

  SUBCASE("a file link") {
    fs::create_symlink(layout.outside / "secret.yaml", layout.chart / "templates" / "secret.yaml");
    CHECK(layout.error() ==
          "web/templates/secret.yaml: leads outside the repository (through a symlink)");
  }
  SUBCASE("a link inside a folder reached through a link") {
    fs::create_symlink(layout.outside, layout.root / "shared" / "more");
    CHECK(layout.error() == "shared/more: leads outside the repository (through a symlink)");
  }
}
