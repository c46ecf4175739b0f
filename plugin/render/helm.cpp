#include "render/helm.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <system_error>

#include "core/temp_dir.hpp"
#include "process/offline_git_environment.hpp"
#include "process/process.hpp"
#include "render/kustomize.hpp"
#include "render/safe_path.hpp"
#include "render/yaml_loader.hpp"

namespace kgitops {
namespace {

namespace fs = std::filesystem;

// helm renders locally and fetches nothing: minutes mean something is wrong.
constexpr std::chrono::minutes k_helm_timeout{2};

// Writes `text` to a new file readable by its owner alone.
Result<void> write_private_file(const fs::path& file, const std::string& text) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    return fail("cannot write a values file: ", std::strerror(errno));
  }
  std::size_t done = 0;
  while (done < text.size()) {
    const auto written = ::write(fd, text.data() + done, text.size() - done);
    if (written < 0 && errno == EINTR) {
      continue;
    }
    if (written <= 0) {
      const int error = errno;
      ::close(fd);
      return fail("cannot write a values file: ", std::strerror(error));
    }
    done += static_cast<std::size_t>(written);
  }
  if (::close(fd) != 0) {
    return fail("cannot write a values file: ", std::strerror(errno));
  }
  return {};
}

// The values files of a render, in order: the repository's, then --set's.
Result<std::vector<fs::path>> value_files(const RenderOptions& options, const fs::path& root,
                                          const fs::path& scratch) {
  std::vector<fs::path> files;
  for (const auto& file : options.helm_values.files) {
    auto resolved = resolve_values_file(root, file);
    if (!resolved) {
      return std::unexpected(resolved.error());
    }
    files.push_back(std::move(*resolved));
  }
  if (!options.helm_values.set.empty()) {
    auto values = values_from_assignments(options.helm_values.set);
    if (!values) {
      return std::unexpected(values.error());
    }
    // Secrets go in a file only helm reads, never on its command line.
    const auto file = scratch / "set-values.json";
    if (auto written = write_private_file(file, values->dump()); !written) {
      return std::unexpected(written.error());
    }
    files.push_back(file);
  }
  return files;
}

// One document of helm's output and the template it came from.
struct Chunk {
  std::string source;  // as helm writes it: "<chart name>/templates/x.yaml"
  std::string text;
};

std::vector<Chunk> split_output(const std::string& output) {
  std::vector<Chunk> chunks(1);
  std::size_t at = 0;
  while (at < output.size()) {
    auto end = output.find('\n', at);
    end = end == std::string::npos ? output.size() : end + 1;
    const auto line = std::string_view(output).substr(at, end - at);
    if (line.starts_with("---") && (line.size() == 3 || line[3] == '\n' || line[3] == ' ')) {
      chunks.push_back({chunks.back().source, {}});
    } else {
      if (line.starts_with("# Source: ")) {
        chunks.back().source = std::string(line.substr(10));
        while (!chunks.back().source.empty() && chunks.back().source.back() == '\n') {
          chunks.back().source.pop_back();
        }
      }
      chunks.back().text += line;
    }
    at = end;
  }
  return chunks;
}

// "web/templates/x.yaml" of the chart at "apps/web" -> "apps/web/templates/x.yaml".
std::string template_path(const std::string& chart_display, const std::string& source) {
  const auto slash = source.find('/');
  if (source.empty() || slash == std::string::npos) {
    return chart_display;
  }
  return (chart_display == "." ? "" : chart_display + "/") + source.substr(slash + 1);
}

Result<std::vector<Manifest>> load_output(const std::string& output,
                                          const std::string& chart_display) {
  // helm prints what it rendered: as large as it looks, so only nesting is limited.
  YamlLimits limits;
  limits.max_nodes = std::numeric_limits<std::size_t>::max();
  limits.max_bytes = std::numeric_limits<std::size_t>::max();
  std::vector<Manifest> documents;
  for (const auto& chunk : split_output(output)) {
    const auto file = template_path(chart_display, chunk.source);
    auto loaded = load_yaml_documents(chunk.text, file + " (as helm rendered it)", limits);
    if (!loaded) {
      return std::unexpected(loaded.error());
    }
    for (auto& document : *loaded) {
      documents.push_back({std::move(document.value), {file, 0}});
    }
  }
  return documents;
}

}  // namespace

bool is_chart_folder(const fs::path& folder) {
  std::error_code error;
  return fs::is_regular_file(folder / k_chart_file_name, error);
}

std::map<std::string, std::string> helm_environment(const fs::path& home) {
  const auto cache = home / "helm-cache";
  const auto config = home / "helm-config";
  const auto data = home / "helm-data";
  return {
      {"HELM_CACHE_HOME", cache.string()},
      {"HELM_CONFIG_HOME", config.string()},
      {"HELM_DATA_HOME", data.string()},
      // Set one by one too: a user's own setting of these would win over the homes.
      {"HELM_REPOSITORY_CONFIG", (config / "repositories.yaml").string()},
      {"HELM_REPOSITORY_CACHE", (cache / "repository").string()},
      {"HELM_REGISTRY_CONFIG", (config / "registry" / "config.json").string()},
      {"HELM_CONTENT_CACHE", (cache / "content").string()},
      {"HELM_PLUGINS", (data / "plugins").string()},
      {"KUBECONFIG", (home / "no-kubeconfig").string()},
  };
}

std::optional<fs::path> find_on_path(const std::string& program) {
  if (program.find('/') != std::string::npos) {
    return ::access(program.c_str(), X_OK) == 0 ? std::optional<fs::path>(program) : std::nullopt;
  }
  const char* path = std::getenv("PATH");
  std::string_view folders = path != nullptr ? path : "";
  while (!folders.empty()) {
    const auto colon = folders.find(':');
    const auto folder = folders.substr(0, colon);
    const auto candidate = fs::path(folder.empty() ? "." : std::string(folder)) / program;
    std::error_code error;
    if (fs::is_regular_file(candidate, error) && ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    folders = colon == std::string_view::npos ? std::string_view() : folders.substr(colon + 1);
  }
  return std::nullopt;
}

std::vector<std::string> helm_template_argv(const HelmTemplateCall& call) {
  std::vector<std::string> argv = {call.helm,     "template", call.release,     call.chart.string(),
                                   "--namespace", call.ns,    "--include-crds", "--skip-tests"};
  for (const auto& file : call.value_files) {
    argv.insert(argv.end(), {"-f", file.string()});
  }
  return argv;
}

Result<std::vector<Manifest>> render_chart(const RenderOptions& options, const fs::path& root,
                                           const fs::path& chart) {
  const auto display = repository_path(root, chart);
  if (!find_on_path(options.helm)) {
    return fail(display, ": a Helm chart (", k_chart_file_name, "), and '", options.helm,
                "' is not on PATH: install helm 3 or 4 to render it (https://helm.sh/docs/intro/"
                "install/)");
  }
  const TempDir scratch("kgitops-helm-");
  auto files = value_files(options, root, scratch.path());
  if (!files) {
    return with_context(display, files.error());
  }
  ProcessRequest request;
  request.argv =
      helm_template_argv({options.helm, chart, options.release, options.ns, std::move(*files)});
  request.environment = helm_environment(scratch.path());
  request.environment.merge(offline_git_environment(scratch.path()));
  request.timeout = k_helm_timeout;
  auto output = run_process(request);
  if (!output) {
    return fail(display, ": cannot run helm: ", to_string(output.error()));
  }
  if (output->exit_code != 0) {
    return fail(display, ": helm template failed: ", relative_to_root(output->err, root));
  }
  return load_output(output->out, display);
}

}  // namespace kgitops
