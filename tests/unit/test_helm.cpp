#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/temp_dir.hpp"
#include "render/helm.hpp"

using namespace kgitops;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << text;
}

std::string read(const fs::path& file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Stands in for helm: records its arguments, environment, and the values
// files it was given (their contents and modes), then prints `output`.
const char* const k_fake_helm = R"(#!/bin/sh
here=$(dirname "$0")
printf '%s\n' "$@" >"$here/argv"
env >"$here/env"
prev=
for arg in "$@"; do
  if [ "$prev" = "-f" ]; then
    cat "$arg" >>"$here/values"
    echo >>"$here/values"
    stat -c %a "$arg" >>"$here/modes"
  fi
  prev=$arg
done
cat "$here/output"
)";

// A repository with the chart apps/web, and a fake helm beside it.
struct Layout {
  TempDir dir{"kgitops-helm-"};
  fs::path root;
  fs::path chart;
  fs::path tools;
  RenderOptions options;
  Layout() {
    fs::create_directories(dir.path() / "repo");
    root = fs::canonical(dir.path() / "repo");
    chart = root / "apps" / "web";
    write(chart / "Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.0.0\n");
    write(root / "envs" / "prod.yaml", "replicas: 3\n");
    tools = dir.path() / "tools";
    write(tools / "helm", k_fake_helm);
    fs::permissions(tools / "helm", fs::perms::owner_exec, fs::perm_options::add);
    options.root = root;
    options.helm = (tools / "helm").string();
    options.release = "shop-web";
    options.ns = "shop";
  }
  void output(const std::string& text) const { write(tools / "output", text); }
};

const char* const k_output = R"(---
# Source: web/templates/configmap.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-settings
---
# Source: web/charts/db/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: db
---
apiVersion: v1
kind: Service
metadata:
  name: db-headless
)";

}  // namespace

TEST_CASE("is_chart_folder: a folder holding a Chart.yaml file") {
  Layout layout;
  CHECK(is_chart_folder(layout.chart));
  CHECK_FALSE(is_chart_folder(layout.root));
  fs::create_directories(layout.root / "odd" / "Chart.yaml");
  CHECK_FALSE(is_chart_folder(layout.root / "odd"));
}

TEST_CASE("helm_template_argv: release, chart, namespace, CRDs, no tests, values in order") {
  const auto argv = helm_template_argv(
      {"helm", "/repo/apps/web", "shop-web", "shop", {"/repo/a.yaml", "/tmp/x/set-values.json"}});
  CHECK(argv == std::vector<std::string>{"helm", "template", "shop-web", "/repo/apps/web",
                                         "--namespace", "shop", "--include-crds", "--skip-tests",
                                         "-f", "/repo/a.yaml", "-f", "/tmp/x/set-values.json"});
  // helm never fetches: no --dependency-update, no repository flags.
  for (const auto& arg : argv) {
    CHECK(arg.find("dependency") == std::string::npos);
    CHECK(arg.find("--repo") == std::string::npos);
  }
}

TEST_CASE("render_chart: documents named by the template helm rendered them from") {
  Layout layout;
  layout.output(k_output);
  auto documents = render_chart(layout.options, layout.root, layout.chart);
  REQUIRE_MESSAGE(documents, (documents ? "" : documents.error().message));
  REQUIRE(documents->size() == 3);
  CHECK((*documents)[0].object["metadata"]["name"] == "web-settings");
  CHECK((*documents)[0].source.file == "apps/web/templates/configmap.yaml");
  CHECK((*documents)[1].source.file == "apps/web/charts/db/templates/service.yaml");
  // A document without its own comment comes from the template before it.
  CHECK((*documents)[2].source.file == "apps/web/charts/db/templates/service.yaml");
  const auto argv = read(layout.tools / "argv");
  CHECK(argv.starts_with("template\nshop-web\n" + layout.chart.string() +
                         "\n--namespace\nshop\n--include-crds\n--skip-tests\n"));
}

TEST_CASE("render_chart: --set values reach helm in a private file, never on its command line") {
  Layout layout;
  layout.output(k_output);
  layout.options.helm_values.files = {"envs/prod.yaml"};
  layout.options.helm_values.set = {"db.password=pw-9f3k-secret", "replicas=5"};
  auto documents = render_chart(layout.options, layout.root, layout.chart);
  REQUIRE_MESSAGE(documents, (documents ? "" : documents.error().message));

  const auto argv = read(layout.tools / "argv");
  CHECK(argv.find("pw-9f3k-secret") == std::string::npos);
  CHECK(argv.find("replicas") == std::string::npos);
  CHECK(argv.find("-f\n" + (layout.root / "envs" / "prod.yaml").string() + "\n-f\n") !=
        std::string::npos);
  CHECK(read(layout.tools / "env").find("pw-9f3k-secret") == std::string::npos);
  const auto values = read(layout.tools / "values");
  CHECK(values.find("replicas: 3") != std::string::npos);  // the repository's file first
  CHECK(values.find(R"({"db":{"password":"pw-9f3k-secret"},"replicas":5})") != std::string::npos);
  CHECK(read(layout.tools / "modes") == "644\n600\n");
  // The private file is gone once helm is done.
  const auto last_f = argv.rfind("-f\n");
  const auto set_file = argv.substr(last_f + 3, argv.find('\n', last_f + 3) - last_f - 3);
  CHECK(set_file.ends_with("set-values.json"));
  CHECK_FALSE(fs::exists(set_file));
}

TEST_CASE("render_chart: helm reads none of the user's repositories or kubeconfig") {
  Layout layout;
  layout.output(k_output);
  REQUIRE(render_chart(layout.options, layout.root, layout.chart));
  const auto env = "\n" + read(layout.tools / "env");
  for (const char* name : {"HELM_CACHE_HOME", "HELM_CONFIG_HOME", "HELM_DATA_HOME",
                           "HELM_REPOSITORY_CONFIG", "HELM_REGISTRY_CONFIG", "KUBECONFIG"}) {
    CAPTURE(name);
    const auto at = env.find("\n" + std::string(name) + "=");
    REQUIRE(at != std::string::npos);
    const auto value = env.substr(at + std::string(name).size() + 2,
                                  env.find('\n', at + 1) - at - std::string(name).size() - 2);
    CHECK(value.find("kgitops-helm-") != std::string::npos);
  }
}

TEST_CASE("render_chart: errors name the chart, the values file or the template") {
  Layout layout;
  SUBCASE("no helm") {
    layout.options.helm = (layout.tools / "missing-helm").string();
    auto documents = render_chart(layout.options, layout.root, layout.chart);
    REQUIRE_FALSE(documents);
    CHECK(to_string(documents.error()).starts_with("apps/web: a Helm chart (Chart.yaml), and '"));
    CHECK(documents.error().message.find("install helm 3 or 4") != std::string::npos);
  }
  SUBCASE("a values file outside the repository") {
    layout.options.helm_values.files = {"../outside.yaml"};
    auto documents = render_chart(layout.options, layout.root, layout.chart);
    REQUIRE_FALSE(documents);
    CHECK(documents.error().message ==
          "apps/web: --values: path '../outside.yaml' leaves the repository");
  }
  SUBCASE("helm fails") {
    write(layout.tools / "helm", "#!/bin/sh\necho \"Error: parse error at (" +
                                     layout.chart.string() +
                                     "/templates/x.yaml:3)\" >&2\nexit 1\n");
    auto documents = render_chart(layout.options, layout.root, layout.chart);
    REQUIRE_FALSE(documents);
    CHECK(documents.error().message ==
          "apps/web: helm template failed: Error: parse error at (apps/web/templates/x.yaml:3)");
  }
  SUBCASE("a rendered document that is no YAML") {
    layout.output("---\n# Source: web/templates/broken.yaml\nkey: [unclosed\n");
    auto documents = render_chart(layout.options, layout.root, layout.chart);
    REQUIRE_FALSE(documents);
    CHECK(to_string(documents.error())
              .starts_with("apps/web/templates/broken.yaml (as helm rendered it):"));
  }
}
