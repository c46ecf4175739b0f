#include "render/kustomize.hpp"

#include <chrono>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>

#include "core/temp_dir.hpp"
#include "process/offline_git_environment.hpp"
#include "process/process.hpp"
#include "render/safe_path.hpp"
#include "render/yaml_loader.hpp"

namespace kgitops {
namespace {

namespace fs = std::filesystem;

// Remote bases are fetched by kustomize itself; give it time, but not forever.
constexpr std::chrono::minutes k_kustomize_timeout{5};

// The kustomization fields that name other kustomizations (or files).
constexpr std::array<const char*, 3> k_path_fields = {"resources", "bases", "components"};

Result<std::string> read_text(const fs::path& file, const std::string& display) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return fail(display, ": cannot read the file");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<void> check_folder(const fs::path& root, const fs::path& folder, std::set<fs::path>& seen) {
  if (!seen.insert(folder).second) {
    return {};
  }
  const auto file = find_kustomization(folder);
  if (!file) {
    return {};  // not a kustomization: kustomize reports it
  }
  const auto display = repository_path(root, *file);
  if (auto contained = contained_target(root, *file, display); !contained) {
    return std::unexpected(contained.error());
  }
  auto text = read_text(*file, display);
  if (!text) {
    return std::unexpected(text.error());
  }
  auto documents = load_yaml_documents(*text, display);
  if (!documents) {
    return std::unexpected(documents.error());
  }
  if (documents->empty() || !documents->front().value.is_object()) {
    return {};
  }
  const auto& kustomization = documents->front().value;
  for (const char* field : k_path_fields) {
    const auto entries = kustomization.find(field);
    if (entries == kustomization.end() || !entries->is_array()) {
      continue;
    }
    for (const auto& entry : *entries) {
      if (!entry.is_string()) {
        continue;
      }
      const auto name = entry.get<std::string>();
      std::error_code error;
      const auto target = fs::weakly_canonical(folder / name, error);
      // What does not exist locally is a remote URL to kustomize (or a mistake it reports).
      if (error || !fs::exists(target, error)) {
        continue;
      }
      if (!is_within(root, target)) {
        return fail(display, ": ", field, " entry '", name, "' leads outside the repository");
      }
      if (fs::is_directory(target, error)) {
        if (auto nested = check_folder(root, target, seen); !nested) {
          return nested;
        }
      }
    }
  }
  return {};
}

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

}  // namespace

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

Result<void> check_kustomization_paths(const fs::path& root, const fs::path& folder) {
  std::set<fs::path> seen;
  return check_folder(root, folder, seen);
}

Result<std::string> build_kustomization(const std::string& kubectl, const fs::path& root,
                                        const fs::path& folder) {
  const auto display = repository_path(root, folder);
  if (auto checked = check_kustomization_paths(root, folder); !checked) {
    return std::unexpected(checked.error());
  }
  // kustomize runs git for remote bases: give it nothing to fetch with.
  const TempDir home("kgitops-kustomize-home-");
  ProcessRequest request;
  request.argv = {kubectl, "kustomize", folder.string()};
  request.environment = offline_git_environment(home.path());
  request.timeout = k_kustomize_timeout;
  auto output = run_process(request);
  if (!output) {
    return fail(display, ": cannot run kubectl kustomize: ", output.error().message);
  }
  if (output->exit_code != 0) {
    return fail(display, ": kubectl kustomize failed: ", relative_to_root(output->err, root));
  }
  return std::move(output->out);
}

}  // namespace kgitops
