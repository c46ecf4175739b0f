#include "render/chart_check.hpp"

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <system_error>

#include "core/object.hpp"
#include "render/kustomization_check.hpp"
#include "render/safe_path.hpp"
#include "render/yaml_loader.hpp"

namespace kgitops {
namespace {

namespace fs = std::filesystem;

// Follows every link under `folder` (links to folders inside the repository
// are walked too, once) and refuses one that leads outside `root`.
class LinkCheck {
 public:
  explicit LinkCheck(const fs::path& root) : m_root(root) {}

  Result<void> walk(const fs::path& folder) {
    std::error_code error;
    if (!m_walked.insert(fs::weakly_canonical(folder, error)).second) {
      return {};
    }
    for (fs::recursive_directory_iterator it(folder, error), end; !error && it != end;
         it.increment(error)) {
      std::error_code status;
      if (!it->is_symlink(status)) {
        continue;
      }
      auto target = contained_target(m_root, it->path(), repository_path(m_root, it->path()));
      if (!target) {
        return std::unexpected(target.error());
      }
      if (fs::is_directory(*target, status)) {
        if (auto walked = walk(*target); !walked) {
          return walked;
        }
      }
    }
    return {};
  }

 private:
  const fs::path& m_root;
  std::set<fs::path> m_walked;
};

// The first document of a YAML file as JSON; an empty object if none.
Result<Json> read_yaml(const fs::path& file, const std::string& display) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return fail(display, ": cannot read the file");
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto documents = load_yaml_documents(text.str(), display);
  if (!documents) {
    return std::unexpected(documents.error());
  }
  if (documents->empty() || !documents->front().value.is_object()) {
    return Json::object();
  }
  return std::move(documents->front().value);
}

std::string text_member(const Json& object, const char* member) {
  const auto found = object.find(member);
  return found != object.end() && found->is_string() ? found->get<std::string>() : "";
}

// The charts vendored in `chart`/charts: folder charts by their name (and
// path), archives by file name.
struct Vendored {
  std::map<std::string, fs::path> folders;
  std::vector<std::string> archives;

  bool has(const std::string& name) const {
    if (folders.contains(name)) {
      return true;
    }
    for (const auto& archive : archives) {
      if (archive.starts_with(name + "-") && archive.ends_with(".tgz")) {
        return true;
      }
    }
    return false;
  }
};

Result<Vendored> vendored_charts(const fs::path& root, const fs::path& chart) {
  Vendored vendored;
  std::error_code error;
  for (fs::directory_iterator it(chart / "charts", error), end; !error && it != end;
       it.increment(error)) {
    const auto name = it->path().filename().string();
    if (it->is_directory(error) && fs::is_regular_file(it->path() / "Chart.yaml", error)) {
      const auto file = it->path() / "Chart.yaml";
      auto metadata = read_yaml(file, repository_path(root, file));
      if (!metadata) {
        return std::unexpected(metadata.error());
      }
      vendored.folders.emplace(text_member(*metadata, "name"), it->path());
    } else if (name.ends_with(".tgz")) {
      vendored.archives.push_back(name);
    }
  }
  return vendored;
}

Result<void> check_dependency(const Json& dependency, const Vendored& vendored,
                              const std::string& display,
                              const std::vector<std::string>& allowed_hosts) {
  const auto name = text_member(dependency, "name");
  const auto repository = text_member(dependency, "repository");
  if (repository.empty() || repository.starts_with("file://") || vendored.has(name)) {
    return {};  // local: helm reports a chart missing from charts/ itself
  }
  if (repository.starts_with("@") || repository.starts_with("alias:")) {
    return fail(display, ": dependency '", name, "' names the helm repository '", repository,
                "', and helm's own repositories are never read; vendor the chart in charts/ "
                "(helm dependency build) and commit it");
  }
  if (auto allowed =
          check_remote_reference(display, "dependencies", repository, allowed_hosts, "helm");
      !allowed) {
    return fail(to_string(allowed.error()), "; or vendor the chart '", name,
                "' in charts/ (helm dependency build) and commit it");
  }
  return {};
}

Result<void> check_dependencies(const fs::path& root, const fs::path& chart,
                                const std::vector<std::string>& allowed_hosts, int depth) {
  // Vendored charts nest as deep as their authors made them; a loop of links would not end.
  if (depth > 20) {
    return fail(repository_path(root, chart), ": charts nested too deep");
  }
  auto vendored = vendored_charts(root, chart);
  if (!vendored) {
    return std::unexpected(vendored.error());
  }
  std::error_code error;
  for (const char* name : {"Chart.yaml", "requirements.yaml"}) {
    const auto file = chart / name;
    if (!fs::is_regular_file(file, error)) {
      continue;
    }
    const auto display = repository_path(root, file);
    auto metadata = read_yaml(file, display);
    if (!metadata) {
      return std::unexpected(metadata.error());
    }
    const auto dependencies = metadata->find("dependencies");
    if (dependencies == metadata->end() || !dependencies->is_array()) {
      continue;
    }
    for (const auto& dependency : *dependencies) {
      if (auto checked = check_dependency(dependency, *vendored, display, allowed_hosts);
          !checked) {
        return checked;
      }
    }
  }
  for (const auto& [name, folder] : vendored->folders) {
    if (auto nested = check_dependencies(root, folder, allowed_hosts, depth + 1); !nested) {
      return nested;
    }
  }
  return {};
}

}  // namespace

Result<void> check_chart(const fs::path& root, const fs::path& chart,
                         const std::vector<std::string>& allowed_hosts) {
  if (auto links = LinkCheck(root).walk(chart); !links) {
    return links;
  }
  return check_dependencies(root, chart, allowed_hosts, 0);
}

}  // namespace kgitops
