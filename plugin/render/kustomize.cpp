#include "render/kustomize.hpp"

#include <chrono>
#include <system_error>

#include "core/temp_dir.hpp"
#include "process/offline_git_environment.hpp"
#include "process/process.hpp"
#include "render/helm.hpp"
#include "render/safe_path.hpp"

namespace kgitops {
namespace {

namespace fs = std::filesystem;

// Remote bases are fetched by kustomize itself; give it time, but not forever.
constexpr std::chrono::minutes k_kustomize_timeout{5};

// kustomize before v5.8.1 asks `helm version -c`, which helm 4 no longer takes.
std::string helm_hint(const std::string& err) {
  if (err.find("unknown shorthand flag: 'c'") != std::string::npos ||
      err.find("requires helm V3") != std::string::npos) {
    return "\n(this kubectl's kustomize inflates helmCharts only with helm 3; put helm 3 on "
           "PATH, or use a kubectl whose kustomize is v5.8.1 or later)";
  }
  return "";
}

}  // namespace

// kubectl names files by absolute path; the checkout's location is noise.
std::string relative_to_root(std::string text, const fs::path& root) {
  const auto prefix = root.string() + "/";
  for (auto at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at)) {
    text.erase(at, prefix.size());
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

std::optional<fs::path> find_kustomization(const fs::path& folder) {
  for (const auto name : k_kustomization_file_names) {
    std::error_code error;
    auto file = folder / name;
    if (fs::is_regular_file(file, error)) {
      return file;
    }
  }
  return std::nullopt;
}

Result<std::string> build_kustomization(const std::string& kubectl, const fs::path& root,
                                        const fs::path& folder, const std::string& helm) {
  const auto display = repository_path(root, folder);
  // kustomize runs git for remote bases: give it nothing to fetch with.
  const TempDir home("kgitops-kustomize-home-");
  ProcessRequest request;
  request.argv = {kubectl, "kustomize", folder.string()};
  request.environment = offline_git_environment(home.path());
  if (!helm.empty()) {
    request.argv.insert(request.argv.end(), {"--enable-helm", "--helm-command", helm});
    request.environment.merge(helm_environment(home.path()));
  }
  request.timeout = k_kustomize_timeout;
  auto output = run_process(request);
  if (!output) {
    return fail_at({display, 0, {}}, "cannot run kubectl kustomize: ", to_string(output.error()));
  }
  if (output->exit_code != 0) {
    return fail_at({display, 0, {}},
                   "kubectl kustomize failed: ", relative_to_root(output->err, root),
                   helm.empty() ? "" : helm_hint(output->err));
  }
  return std::move(output->out);
}

}  // namespace kgitops
