#include "render/renderer.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <system_error>

#include "core/files.hpp"
#include "core/resource_key.hpp"
#include "render/chart_check.hpp"
#include "render/helm.hpp"
#include "render/json_loader.hpp"
#include "render/kustomization_check.hpp"
#include "render/kustomize.hpp"
#include "render/manifest_check.hpp"
#include "render/parse_cache.hpp"
#include "render/safe_path.hpp"
#include "render/utf8.hpp"
#include "render/yaml_loader.hpp"

namespace kgitops {
namespace {

namespace fs = std::filesystem;

// Far beyond any real manifest; refuses absurd files before reading them.
constexpr std::uintmax_t k_max_file_bytes = 16 * 1024 * 1024;

enum class SourceKind { file, kustomization, chart };

// A file to read or a folder to build, in render order.
struct Source {
  SourceKind kind;
  fs::path path;  // under the canonical root, as walked
};

bool is_manifest_file(const fs::path& path) {
  const auto extension = path.extension();
  return extension == ".yaml" || extension == ".yml" || extension == ".json";
}

std::vector<std::string> split_components(const std::string& path) {
  std::vector<std::string> components;
  std::size_t start = 0;
  for (auto slash = path.find('/'); slash != std::string::npos; slash = path.find('/', start)) {
    components.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  components.push_back(path.substr(start));
  return components;
}

// Collects the sources under `folder` depth-first, entries sorted by name, so
// the order is that of relative paths compared component by component.
class Walker {
 public:
  explicit Walker(const fs::path& root) : m_root(root) {}

  std::vector<Source>& sources() { return m_sources; }

  Result<void> walk(const fs::path& folder, const fs::path& canonical) {
    if (std::find(m_open.begin(), m_open.end(), canonical) != m_open.end()) {
      return fail_at({repository_path(m_root, folder), 0, {}}, "symlink loop");
    }
    // Folder links may lead to one folder many times over (each level of
    // links doubling the reads): every folder is read once.
    const auto [first, inserted] = m_walked.emplace(canonical, folder);
    if (!inserted) {
      return fail_at({repository_path(m_root, folder), 0, {}}, "leads to the folder '",
                     repository_path(m_root, canonical), "', already read as '",
                     repository_path(m_root, first->second), "'");
    }
    if (is_chart_folder(folder)) {
      if (find_kustomization(folder)) {
        return fail(repository_path(m_root, folder),
                    ": holds both a Chart.yaml and a kustomization; keep the chart in a folder "
                    "of its own (a kustomization may inflate it with helmCharts)");
      }
      // helm reads the chart, its templates and vendored charts itself.
      m_sources.push_back({SourceKind::chart, folder});
      return {};
    }
    if (find_kustomization(folder)) {
      // kustomize reads the folder and everything it references itself.
      m_sources.push_back({SourceKind::kustomization, folder});
      return {};
    }
    auto entries = sorted_entries(folder);
    if (!entries) {
      return std::unexpected(entries.error());
    }
    m_open.push_back(canonical);
    for (const auto& entry : *entries) {
      if (auto visited = visit(entry); !visited) {
        return visited;
      }
    }
    m_open.pop_back();
    return {};
  }

 private:
  Result<std::vector<fs::path>> sorted_entries(const fs::path& folder) const {
    std::vector<fs::path> entries;
    std::error_code error;
    for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
      const auto name = it->path().filename().string();
      if (!name.starts_with(".")) {  // .git, .github, editor files
        entries.push_back(it->path());
      }
    }
    if (error) {
      return fail_at({repository_path(m_root, folder), 0, {}},
                     "cannot list the folder: ", error.message());
    }
    std::sort(entries.begin(), entries.end(), [](const fs::path& a, const fs::path& b) {
      return a.filename().string() < b.filename().string();
    });
    return entries;
  }

  Result<void> visit(const fs::path& entry) {
    std::error_code error;
    auto target = entry;
    if (fs::is_symlink(entry, error)) {
      auto contained = contained_target(m_root, entry, repository_path(m_root, entry));
      if (!contained) {
        return std::unexpected(contained.error());
      }
      target = *contained;
    }
    const bool folder = fs::is_directory(target, error);
    if (!folder && !is_manifest_file(entry)) {
      return {};
    }
    // Names end up in messages, annotations and JSON output.
    if (invalid_utf8_offset(entry.filename().string())) {
      return fail_at({escape_invalid_utf8(repository_path(m_root, entry)), 0, {}},
                     "file and folder names must be UTF-8");
    }
    if (folder) {
      return walk(entry, fs::weakly_canonical(target, error));
    }
    m_sources.push_back({SourceKind::file, entry});
    return {};
  }

  const fs::path& m_root;
  std::vector<fs::path> m_open;           // canonical folders being walked, to stop loops
  std::map<fs::path, fs::path> m_walked;  // canonical folder -> as first walked
  std::vector<Source> m_sources;
};

Result<std::string> read_manifest_file(const fs::path& path, const std::string& display) {
  std::error_code error;
  const auto size = fs::file_size(path, error);
  if (error) {
    return fail_at({display, 0, {}}, "cannot read the file: ", error.message());
  }
  if (size > k_max_file_bytes) {
    return fail_at({display, 0, {}}, "refusing a file larger than ",
                   std::to_string(k_max_file_bytes >> 20), " MiB");
  }
  auto text = read_file(path);
  if (!text) {
    return fail_at({display, 0, {}}, "cannot read the file");
  }
  return *text;
}

Result<void> read_file_source(const fs::path& root, const fs::path& path,
                              std::vector<Manifest>& manifests) {
  const auto display = repository_path(root, path);
  auto text = read_manifest_file(path, display);
  if (!text) {
    return std::unexpected(text.error());
  }
  auto documents = path.extension() == ".json" ? load_json_document(*text, display)
                                               : load_yaml_documents(*text, display);
  if (!documents) {
    return std::unexpected(documents.error());
  }
  for (auto& document : *documents) {
    if (auto added = add_manifest(document.value, {display, document.line}, manifests); !added) {
      return added;
    }
  }
  return {};
}

Result<void> build_source(const RenderOptions& options, const fs::path& root,
                          const fs::path& folder, std::vector<Manifest>& manifests) {
  const SourceLocation source{repository_path(root, *find_kustomization(folder)), 0};
  auto needs = check_kustomization(root, folder, options.kustomize_allow_hosts);
  if (!needs) {
    return std::unexpected(needs.error());
  }
  if (needs->helm && !find_on_path(options.helm)) {
    return fail(source.file, ": inflates Helm charts (helmCharts), and '", options.helm,
                "' is not on PATH: install helm to render it");
  }
  auto output = build_kustomization(options.kubectl, root, folder, needs->helm ? options.helm : "");
  if (!output) {
    return std::unexpected(output.error());
  }
  // kustomize prints aliases expanded: its output is as large as it looks,
  // so only the nesting limit applies.
  YamlLimits limits;
  limits.max_nodes = std::numeric_limits<std::size_t>::max();
  limits.max_bytes = std::numeric_limits<std::size_t>::max();
  auto documents = load_yaml_documents(*output, source.file, limits);
  if (!documents) {
    return std::unexpected(documents.error());
  }
  for (auto& document : *documents) {
    if (auto added = add_manifest(document.value, source, manifests); !added) {
      return added;
    }
  }
  return {};
}

Result<void> render_chart_source(const RenderOptions& options, const fs::path& root,
                                 const fs::path& chart, std::vector<Manifest>& manifests) {
  if (auto checked = check_chart(root, chart, options.kustomize_allow_hosts); !checked) {
    return checked;
  }
  auto documents = render_chart(options, root, chart);
  if (!documents) {
    return std::unexpected(documents.error());
  }
  for (const auto& document : *documents) {
    if (auto added = add_manifest(document.object, document.source, manifests); !added) {
      return added;
    }
  }
  return {};
}

Result<void> render_source(const RenderOptions& options, const fs::path& root, const Source& source,
                           std::vector<Manifest>& manifests) {
  switch (source.kind) {
    case SourceKind::file:
      return read_file_source(root, source.path, manifests);
    case SourceKind::kustomization:
      return build_source(options, root, source.path, manifests);
    case SourceKind::chart:
      return render_chart_source(options, root, source.path, manifests);
  }
  return {};
}

// "apps/Deployment web", "Service prod/api": [group/]Kind [namespace/]name.
std::string describe(const ResourceKey& key) {
  auto text = key.group.empty() ? key.kind : key.group + "/" + key.kind;
  text += " ";
  if (!key.ns.empty()) {
    text += key.ns + "/";
  }
  return text + key.name;
}

Result<void> check_duplicates(const std::vector<Manifest>& manifests) {
  std::map<ResourceKey, const SourceLocation*> seen;
  for (const auto& manifest : manifests) {
    const auto key = key_of(manifest.object);
    const auto [found, inserted] = seen.emplace(key, &manifest.source);
    if (!inserted) {
      // A conflict, which validate recognises by its kind: it is reported once.
      return std::unexpected(Error{describe(key) + " declared twice: " + to_string(*found->second) +
                                       " and " + to_string(manifest.source),
                                   ErrorKind::conflict, ErrorLocation{"", 0, to_string(key)}});
    }
  }
  return {};
}

// Every source under `options.path` of the written-out files, in render order.
Result<std::vector<Source>> walk_files(const RenderOptions& options, const fs::path& root) {
  auto start = resolve_inside(root, options.path);
  if (!start) {
    return std::unexpected(start.error());
  }
  std::error_code error;
  if (!fs::exists(*start, error)) {
    return fail("path '", options.path, "' does not exist in the repository");
  }
  Walker walker(root);
  if (fs::is_directory(*start, error)) {
    if (auto walked = walker.walk(*start, *start); !walked) {
      return std::unexpected(walked.error());
    }
  } else {
    walker.sources().push_back({SourceKind::file, *start});
  }
  return std::move(walker.sources());
}

Result<void> check_helm_values(const RenderOptions& options, bool has_chart) {
  if (!has_chart && (!options.helm_values.files.empty() || !options.helm_values.set.empty())) {
    return fail("--values and --set are for Helm charts, and path '", options.path,
                "' holds no Chart.yaml");
  }
  return {};
}

Result<void> render_files(const RenderOptions& options, std::vector<Manifest>& manifests) {
  auto root = canonical_root(options.root);
  if (!root) {
    return std::unexpected(root.error());
  }
  auto sources = walk_files(options, *root);
  if (!sources) {
    return std::unexpected(sources.error());
  }
  const bool has_chart = std::any_of(sources->begin(), sources->end(),
                                     [](const Source& s) { return s.kind == SourceKind::chart; });
  if (auto checked = check_helm_values(options, has_chart); !checked) {
    return checked;
  }
  for (const auto& source : *sources) {
    if (auto added = render_source(options, *root, source, manifests); !added) {
      return added;
    }
  }
  return {};
}

// A plain folder read from git's tree: its manifest files in the order the
// walker reads folders (names compared component by component, depth first).
Result<void> render_tree_files(const RenderOptions& options, std::vector<Manifest>& manifests) {
  if (auto checked = check_helm_values(options, false); !checked) {
    return checked;
  }
  std::vector<std::pair<std::vector<std::string>, const TreeFile*>> files;
  for (const auto& file : *options.tree_files) {
    if (is_manifest_file(file.path)) {
      files.emplace_back(split_components(file.path), &file);
    }
  }
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [components, file] : files) {
    if (file->content.size() > k_max_file_bytes) {
      return fail_at({file->path, 0, {}}, "refusing a file larger than ",
                     std::to_string(k_max_file_bytes >> 20), " MiB");
    }
    auto documents = parse_tree_file(*file, options.parse_cache);
    if (!documents) {
      return std::unexpected(documents.error());
    }
    for (const auto& document : **documents) {
      if (auto added = add_manifest(document.value, {file->path, document.line}, manifests);
          !added) {
        return added;
      }
    }
  }
  return {};
}

}  // namespace

Result<std::vector<Manifest>> render(const RenderOptions& options) {
  std::vector<Manifest> manifests;
  auto rendered = options.tree_files != nullptr ? render_tree_files(options, manifests)
                                                : render_files(options, manifests);
  if (!rendered) {
    return std::unexpected(rendered.error());
  }
  if (auto unique = check_duplicates(manifests); !unique) {
    return std::unexpected(unique.error());
  }
  return manifests;
}

}  // namespace kgitops
