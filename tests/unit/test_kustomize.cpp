#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/temp_dir.hpp"
#include "git_test_support.hpp"
#include "render/kustomize.hpp"

using namespace kgitops;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << text;
}

const char* const k_config_map =
    "apiVersion: v1\n"
    "kind: ConfigMap\n"
    "metadata:\n"
    "  name: settings\n"
    "data:\n"
    "  mode: fast\n";

// A repository folder `repo` beside an `outside` folder in a temporary dir.
struct Layout {
  TempDir dir{"kgitops-kustomize-"};
  fs::path root;
  fs::path outside;
  Layout() {
    fs::create_directories(dir.path() / "repo");
    fs::create_directories(dir.path() / "outside");
    root = fs::canonical(dir.path() / "repo");
    outside = fs::canonical(dir.path() / "outside");
  }
};

}  // namespace

TEST_CASE("find_kustomization knows kustomize's three file names") {
  Layout layout;
  CHECK_FALSE(find_kustomization(layout.root));
  for (const auto name : k_kustomization_file_names) {
    CAPTURE(name);
    const auto folder = layout.root / std::string(name).append("-dir");
    write(folder / name, "resources: []\n");
    CHECK(find_kustomization(folder) == folder / name);
  }
  // A folder of that name is not a kustomization file.
  fs::create_directories(layout.root / "odd" / "kustomization.yaml");
  CHECK_FALSE(find_kustomization(layout.root / "odd"));
}

TEST_CASE("build_kustomization runs kubectl kustomize") {
  Layout layout;
  write(layout.root / "base" / "config.yaml", k_config_map);
  write(layout.root / "base" / "kustomization.yaml", "resources:\n- config.yaml\n");
  write(layout.root / "prod" / "kustomization.yaml", "namePrefix: prod-\nresources:\n- ../base\n");
  auto output = build_kustomization("kubectl", layout.root, layout.root / "prod");
  REQUIRE_MESSAGE(output, (output ? "" : to_string(output.error())));
  CHECK(output->find("name: prod-settings") != std::string::npos);
  CHECK(output->find("mode: fast") != std::string::npos);
}

TEST_CASE("a kustomize failure names the folder and carries kubectl's stderr") {
  Layout layout;
  write(layout.root / "apps" / "web" / "kustomization.yaml", "resources:\n- missing.yaml\n");
  auto output = build_kustomization("kubectl", layout.root, layout.root / "apps" / "web");
  REQUIRE_FALSE(output);
  const auto& message = to_string(output.error());
  CHECK(message.starts_with("apps/web: kubectl kustomize failed: "));
  CHECK(message.find("missing.yaml") != std::string::npos);
  // Paths are shown relative to the repository.
  CHECK(message.find(layout.root.string()) == std::string::npos);
}

TEST_CASE("a missing kubectl is reported") {
  Layout layout;
  write(layout.root / "kustomization.yaml", "resources: []\n");
  auto output = build_kustomization("kubectl-that-does-not-exist", layout.root, layout.root);
  REQUIRE_FALSE(output);
  CHECK(to_string(output.error()).starts_with(".: cannot run kubectl kustomize: "));
}

TEST_CASE("a patch symlinked from outside is refused by kustomize's load restrictor") {
  Layout layout;
  write(layout.outside / "patch.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n");
  write(layout.root / "app" / "config.yaml", k_config_map);
  write(layout.root / "app" / "kustomization.yaml",
        "resources:\n- config.yaml\npatches:\n- path: patch.yaml\n");
  fs::create_symlink(layout.outside / "patch.yaml", layout.root / "app" / "patch.yaml");
  auto output = build_kustomization("kubectl", layout.root, layout.root / "app");
  REQUIRE_FALSE(output);
  CHECK(to_string(output.error()).starts_with("app: kubectl kustomize failed: "));
  CHECK(to_string(output.error()).find("patch.yaml") != std::string::npos);
}

TEST_CASE("kustomize runs with an empty HOME of its own, git offline and no credentials") {
  Layout layout;
  write(layout.root / "kustomization.yaml", "resources: []\n");
  // Stands in for kubectl: shows what kustomize would run with.
  const auto fake_kubectl = layout.dir.path() / "kubectl";
  write(fake_kubectl, "#!/bin/sh\nenv\necho \"home-entries=$(ls -A \"$HOME\" | wc -l)\"\n");
  fs::permissions(fake_kubectl, fs::perms::owner_exec, fs::perm_options::add);
  test::ScopedEnv token("GITOPS_GIT_TOKEN", "tok-kustomize-7");
  test::ScopedEnv password("GITOPS_GIT_PASSWORD", "pw-kustomize-8");
  const char* our_home = std::getenv("HOME");

  auto output = build_kustomization(fake_kubectl.string(), layout.root, layout.root);
  REQUIRE_MESSAGE(output, (output ? "" : to_string(output.error())));
  CHECK(output->find("kustomize-7") == std::string::npos);
  CHECK(output->find("kustomize-8") == std::string::npos);
  CHECK(output->find("GIT_ALLOW_PROTOCOL=none\n") != std::string::npos);
  CHECK(output->find("GIT_CONFIG_GLOBAL=/dev/null\n") != std::string::npos);
  CHECK(output->find("home-entries=0\n") != std::string::npos);
  const std::string lines = "\n" + *output;
  const auto home_at = lines.find("\nHOME=");
  REQUIRE(home_at != std::string::npos);
  const auto home = lines.substr(home_at + 6, lines.find('\n', home_at + 1) - home_at - 6);
  if (our_home != nullptr) {
    CHECK(home != our_home);
  }
  CHECK_FALSE(fs::exists(home));  // removed once kustomize is done
}

TEST_CASE("kustomize inflates Helm charts only when asked, with helm's folders private") {
  Layout layout;
  write(layout.root / "kustomization.yaml", "helmCharts:\n- name: web\n");
  // Stands in for kubectl: shows its arguments and helm's variables.
  const auto fake_kubectl = layout.dir.path() / "kubectl";
  write(fake_kubectl, "#!/bin/sh\nprintf '%s\\n' \"$@\"\nenv | grep '^HELM_' | sort\n");
  fs::permissions(fake_kubectl, fs::perms::owner_exec, fs::perm_options::add);

  auto with_helm =
      build_kustomization(fake_kubectl.string(), layout.root, layout.root, "/opt/helm");
  REQUIRE_MESSAGE(with_helm, (with_helm ? "" : with_helm.error().message));
  CHECK(with_helm->find("kustomize\n" + layout.root.string() +
                        "\n--enable-helm\n--helm-command\n/opt/helm\n") != std::string::npos);
  CHECK(with_helm->find("HELM_REPOSITORY_CONFIG=" + fs::temp_directory_path().string()) !=
        std::string::npos);

  auto without = build_kustomization(fake_kubectl.string(), layout.root, layout.root);
  REQUIRE(without);
  CHECK(without->find("--enable-helm") == std::string::npos);
}
