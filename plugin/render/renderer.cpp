#include "render/renderer.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <system_error>

#include "core/resource_key.hpp"
#include "render/kustomize.hpp"
#include "render/safe_path.hpp"
#include "render/yaml_loader.hpp"

namespace kgitops {
namespace {

namespace fs = std::filesystem;

// Far beyond any real manifest; refuses absurd files before reading them.
constexpr std::uintmax_t k_max_file_bytes = 16 * 1024 * 1024;
constexpr int k_max_json_depth = YamlLimits{}.max_depth;

enum class SourceKind { file, kustomization };

// A file to read or a folder to build, in render order.
struct Source {
  SourceKind kind;
  fs::path path;  // under the canonical root, as walked
};

bool is_manifest_file(const fs::path& path) {
  const auto extension = path.extension();
  return extension == ".yaml" || extension == ".yml" || extension == ".json";
}

// Collects the sources under `folder` depth-first, entries sorted by name, so
// the order is that of relative paths compared component by component.
class Walker {
 public:
  explicit Walker(const fs::path& root) : m_root(root) {}

  std::vector<Source>& sources() { return m_sources; }

  Result<void> walk(const fs::path& folder, const fs::path& canonical) {
    if (find_kustomization(folder)) {
      // kustomize reads the folder and everything it references itself.
      m_sources.push_back({SourceKind::kustomization, folder});
      return {};
    }
    if (std::find(m_open.begin(), m_open.end(), canonical) != m_open.end()) {
      return fail(repository_path(m_root, folder), ": symlink loop");
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
      return fail(repository_path(m_root, folder), ": cannot list the folder: ", error.message());
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
    if (fs::is_directory(target, error)) {
      return walk(entry, fs::weakly_canonical(target, error));
    }
    if (is_manifest_file(entry)) {
      m_sources.push_back({SourceKind::file, entry});
    }
    return {};
  }

  const fs::path& m_root;
  std::vector<fs::path> m_open;  // canonical folders being walked, to stop loops
  std::vector<Source> m_sources;
};

Result<std::string> read_manifest_file(const fs::path& path, const std::string& display) {
  std::error_code error;
  const auto size = fs::file_size(path, error);
  if (error) {
    return fail(display, ": cannot read the file: ", error.message());
  }
  if (size > k_max_file_bytes) {
    return fail(display, ": refusing a file larger than ", std::to_string(k_max_file_bytes >> 20),
                " MiB");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(display, ": cannot read the file");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int line_at(const std::string& text, std::size_t offset) {
  offset = std::min(offset, text.size());
  const auto end = text.begin() + static_cast<std::ptrdiff_t>(offset);
  return 1 + static_cast<int>(std::count(text.begin(), end, '\n'));
}

// A thrown marker: nlohmann's parser can only be stopped from its callback.
struct JsonTooDeep {};

Result<std::vector<YamlDocument>> load_json_document(const std::string& text,
                                                     const std::string& display) {
  const auto start = text.find_first_not_of(" \t\r\n");
  if (start == std::string::npos) {
    return std::vector<YamlDocument>{};
  }
  try {
    auto value = Json::parse(text, [](int depth, Json::parse_event_t, Json&) {
      if (depth > k_max_json_depth) {
        throw JsonTooDeep{};
      }
      return true;
    });
    return std::vector<YamlDocument>{{std::move(value), line_at(text, start)}};
  } catch (const JsonTooDeep&) {
    return fail(display, ": refusing a JSON document nested more than ",
                std::to_string(k_max_json_depth), " levels deep");
  } catch (const Json::parse_error& error) {
    // nlohmann's `byte` is the 1-based offset where parsing stopped.
    std::string message = error.what();
    if (const auto tag_end = message.find("] "); tag_end != std::string::npos) {
      message.erase(0, tag_end + 2);
    }
    return fail(display, ":", std::to_string(line_at(text, error.byte == 0 ? 0 : error.byte - 1)),
                ": invalid JSON: ", message);
  } catch (const std::exception& error) {
    return fail(display, ": invalid JSON: ", error.what());
  }
}

bool has_string(const Json& object, const char* field) {
  const auto found = object.find(field);
  return found != object.end() && found->is_string() && !found->get<std::string>().empty();
}

// Adds the object `value` (or a List's items) after checking it is one.
Result<void> add_object(const Json& value, const SourceLocation& source,
                        std::vector<Manifest>& manifests) {
  const auto where = to_string(source);
  if (!value.is_object()) {
    return fail(where, ": document is not a map but ", value.type_name());
  }
  if (kind_of(value) == "List") {
    const auto items = value.find("items");
    if (items == value.end() || items->is_null()) {
      return {};
    }
    if (!items->is_array()) {
      return fail(where, ": List has no items array");
    }
    for (const auto& item : *items) {
      if (auto added = add_object(item, source, manifests); !added) {
        return added;
      }
    }
    return {};
  }
  if (!has_string(value, "apiVersion")) {
    return fail(where, ": object has no apiVersion");
  }
  if (!has_string(value, "kind")) {
    return fail(where, ": object has no kind");
  }
  if (name_of(value).empty()) {
    return fail(where, ": object has no metadata.name");
  }
  manifests.push_back({value, source});
  return {};
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
    if (auto added = add_object(document.value, {display, document.line}, manifests); !added) {
      return added;
    }
  }
  return {};
}

Result<void> build_source(const RenderOptions& options, const fs::path& root,
                          const fs::path& folder, std::vector<Manifest>& manifests) {
  const SourceLocation source{repository_path(root, *find_kustomization(folder)), 0};
  auto output = build_kustomization(options.kubectl, root, folder);
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
    if (auto added = add_object(document.value, source, manifests); !added) {
      return added;
    }
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
      return fail(describe(key), " declared twice: ", to_string(*found->second), " and ",
                  to_string(manifest.source));
    }
  }
  return {};
}

}  // namespace

Result<std::vector<Manifest>> render(const RenderOptions& options) {
  auto root = canonical_root(options.root);
  if (!root) {
    return std::unexpected(root.error());
  }
  auto start = resolve_inside(*root, options.path);
  if (!start) {
    return std::unexpected(start.error());
  }
  std::error_code error;
  if (!fs::exists(*start, error)) {
    return fail("path '", options.path, "' does not exist in the repository");
  }
  Walker walker(*root);
  if (fs::is_directory(*start, error)) {
    if (auto walked = walker.walk(*start, *start); !walked) {
      return std::unexpected(walked.error());
    }
  } else {
    walker.sources().push_back({SourceKind::file, *start});
  }

  std::vector<Manifest> manifests;
  for (const auto& source : walker.sources()) {
    auto added = source.kind == SourceKind::file
                     ? read_file_source(*root, source.path, manifests)
                     : build_source(options, *root, source.path, manifests);
    if (!added) {
      return std::unexpected(added.error());
    }
  }
  if (auto unique = check_duplicates(manifests); !unique) {
    return std::unexpected(unique.error());
  }
  return manifests;
}

}  // namespace kgitops
