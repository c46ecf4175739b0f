#include "render/kustomization_check.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <system_error>

#include "core/files.hpp"
#include "core/object.hpp"
#include "core/text.hpp"
#include "git/url.hpp"
#include "render/kustomize.hpp"
#include "render/safe_path.hpp"
#include "render/yaml_loader.hpp"

namespace kgitops {
namespace {

namespace fs = std::filesystem;

// Fields listing kustomizations or files by path; a folder reached through
// one of them is a kustomization whose own entries are checked in turn.
constexpr std::array<const char*, 6> k_kustomization_fields = {
    "resources", "bases", "components", "generators", "transformers", "validators"};
// Fields listing files. kustomize's loader fetches an http(s) path itself.
constexpr std::array<const char*, 3> k_file_list_fields = {"configurations", "crds",
                                                           "patchesStrategicMerge"};
// Fields listing objects whose `path` is a file.
constexpr std::array<const char*, 3> k_path_object_fields = {"patches", "patchesJson6902",
                                                             "replacements"};
constexpr std::array<const char*, 2> k_generator_fields = {"configMapGenerator", "secretGenerator"};

// One path-like string of a kustomization, and the field it is in.
struct Entry {
  std::string field;
  std::string text;
  bool reaches_kustomizations = false;
  bool remote_by_field = false;  // a helm chart repository: never a local path
};

void add_strings(const Json& list, const std::string& field, bool reaches,
                 std::vector<Entry>& entries) {
  if (!list.is_array()) {
    return;
  }
  for (const auto& item : list) {
    // patchesStrategicMerge also takes inline patches, which are no path.
    if (item.is_string() && item.get<std::string>().find('\n') == std::string::npos) {
      entries.push_back({field, item.get<std::string>(), reaches, false});
    }
  }
}

void add_member(const Json& object, const char* member, const std::string& field,
                std::vector<Entry>& entries, bool remote_by_field = false) {
  if (!object.is_object()) {
    return;
  }
  const auto found = object.find(member);
  if (found != object.end() && found->is_string() && !found->get<std::string>().empty()) {
    entries.push_back({field, found->get<std::string>(), false, remote_by_field});
  }
}

std::vector<Entry> entries_of(const Json& kustomization) {
  std::vector<Entry> entries;
  const auto field = [&](const char* name) -> const Json& {
    static const Json k_null;
    const auto found = kustomization.find(name);
    return found == kustomization.end() ? k_null : *found;
  };
  for (const char* name : k_kustomization_fields) {
    add_strings(field(name), name, true, entries);
  }
  for (const char* name : k_file_list_fields) {
    add_strings(field(name), name, false, entries);
  }
  for (const char* name : k_path_object_fields) {
    if (field(name).is_array()) {
      for (const auto& item : field(name)) {
        add_member(item, "path", name, entries);
      }
    }
  }
  add_member(field("openapi"), "path", "openapi", entries);
  for (const char* name : k_generator_fields) {
    if (!field(name).is_array()) {
      continue;
    }
    for (const auto& generator : field(name)) {
      if (!generator.is_object()) {
        continue;
      }
      std::vector<Entry> files;
      add_strings(generator.value("files", Json()), name, false, files);
      for (auto& file : files) {
        // `key=path` names the key of the file's data.
        if (const auto equals = file.text.find('='); equals != std::string::npos) {
          file.text.erase(0, equals + 1);
        }
      }
      entries.insert(entries.end(), files.begin(), files.end());
      add_strings(generator.value("envs", Json()), name, false, entries);
      add_member(generator, "env", name, entries);
    }
  }
  if (field("helmCharts").is_array()) {
    for (const auto& chart : field("helmCharts")) {
      add_member(chart, "repo", "helmCharts", entries, true);
      add_member(chart, "valuesFile", "helmCharts", entries);
      add_strings(chart.value("additionalValuesFiles", Json()), "helmCharts", false, entries);
    }
  }
  // kustomize reads (and pulls) charts there; an absolute one could be anywhere.
  add_member(field("helmGlobals"), "chartHome", "helmGlobals", entries);
  if (field("helmChartInflationGenerator").is_array()) {
    for (const auto& chart : field("helmChartInflationGenerator")) {
      add_member(chart, "chartRepoUrl", "helmChartInflationGenerator", entries, true);
    }
  }
  return entries;
}

// Where a remote entry is fetched from; `host` is empty for file://.
struct Remote {
  std::string host;
  int port = 0;
  bool ambiguous = false;  // kustomize and this check could read different hosts
};

std::string first_component(const std::string& text) {
  return text.substr(0, text.find('/'));
}

// An entry no local path can be: a URL, git::, git@host:, gh:.
std::optional<Remote> certainly_remote(const std::string& entry) {
  const bool git_prefix = entry.starts_with("git::");
  const auto text = git_prefix ? entry.substr(5) : entry;
  if (text.find("://") != std::string::npos) {
    const auto parts = parse_url(text);
    if (lower(parts.scheme) == "file") {
      return Remote{};
    }
    if (parts.ambiguous_host) {
      return Remote{.host = {}, .port = 0, .ambiguous = true};
    }
    return Remote{lower(parts.host), parts.port};
  }
  if (text.starts_with("gh:")) {
    return Remote{"github.com", 0};
  }
  const auto at = text.find('@');
  const auto colon = text.find(':');
  const auto slash = text.find('/');
  if (at != std::string::npos && colon != std::string::npos && at < colon &&
      (slash == std::string::npos || colon < slash)) {
    return Remote{lower(parse_url(text).host), 0};
  }
  if (git_prefix) {
    return Remote{lower(first_component(text)), 0};
  }
  return std::nullopt;
}

// What kustomize takes for a repository when no such local path exists:
// github.com/org/repo, host/org/repo//dir, anything with ?ref=.
std::optional<Remote> shorthand_remote(const std::string& entry) {
  const auto first = first_component(entry);
  const bool host_like = entry.find('/') != std::string::npos &&
                         first.find('.') != std::string::npos && first != "." && first != "..";
  if (host_like || entry.find("?ref=") != std::string::npos ||
      entry.find("?version=") != std::string::npos || entry.find("//") != std::string::npos) {
    auto host = lower(first);
    if (const auto colon = host.find(':'); colon != std::string::npos) {
      host.erase(colon);
    }
    return Remote{host, 0};
  }
  return std::nullopt;
}

bool is_allowed(const Remote& remote, const std::vector<std::string>& allowed_hosts) {
  if (remote.host.empty()) {
    return false;
  }
  const auto with_port = remote.host + ":" + std::to_string(remote.port);
  return std::any_of(allowed_hosts.begin(), allowed_hosts.end(), [&](const std::string& host) {
    const auto wanted = lower(host);
    return wanted == remote.host || (remote.port != 0 && wanted == with_port);
  });
}

std::unexpected<Error> refusal(const std::string& display, const std::string& field,
                               const std::string& entry, const Remote& remote,
                               const std::string& tool) {
  const auto shown = redact_text(entry);
  if (remote.ambiguous) {
    return fail(display, ": ", field, " entry '", shown,
                "' is remote, and its host is in doubt: a '/', '?' or '#' comes before its "
                "'@'; ",
                tool, " may read only the repository");
  }
  if (remote.host.empty()) {
    return fail(display, ": ", field, " entry '", shown, "' is outside the repository; ", tool,
                " may read only the repository");
  }
  return fail(display, ": ", field, " entry '", shown, "' is remote (", remote.host, "); ", tool,
              " may read only the repository unless --kustomize-allow-host names the host");
}

Result<std::string> read_text(const fs::path& file, const std::string& display) {
  auto text = read_file(file);
  if (!text) {
    return fail_at({display, 0, {}}, "cannot read the file");
  }
  return *text;
}

Result<Json> read_kustomization(const std::string& text, const std::string& display) {
  auto documents = load_yaml_documents(text, display);
  if (!documents) {
    return std::unexpected(documents.error());
  }
  if (documents->empty() || !documents->front().value.is_object()) {
    return Json::object();  // kustomize reports what it cannot use
  }
  return std::move(documents->front().value);
}

class Checker {
 public:
  Checker(const fs::path& root, const std::vector<std::string>& allowed_hosts)
      : m_root(root), m_allowed_hosts(allowed_hosts) {}

  const KustomizationNeeds& needs() const { return m_needs; }

  Result<void> check_folder(const fs::path& folder) {
    if (!m_seen.insert(folder).second) {
      return {};
    }
    const auto file = find_kustomization(folder);
    if (!file) {
      return {};  // not a kustomization: kustomize reports it
    }
    const auto display = repository_path(m_root, *file);
    if (auto contained = contained_target(m_root, *file, display); !contained) {
      return std::unexpected(contained.error());
    }
    auto text = read_text(*file, display);
    if (!text) {
      return std::unexpected(text.error());
    }
    auto kustomization = read_kustomization(*text, display);
    if (!kustomization) {
      return std::unexpected(kustomization.error());
    }
    for (const char* field : {"helmCharts", "helmChartInflationGenerator"}) {
      const auto charts = kustomization->find(field);
      m_needs.helm |= charts != kustomization->end() && charts->is_array() && !charts->empty();
    }
    std::vector<fs::path> reached;
    for (const auto& entry : entries_of(*kustomization)) {
      if (auto checked = check_entry(display, folder, entry, reached); !checked) {
        return checked;
      }
    }
    for (const auto& next : reached) {
      if (auto nested = check_folder(next); !nested) {
        return nested;
      }
    }
    return {};
  }

 private:
  Result<void> check_entry(const std::string& display, const fs::path& folder, const Entry& entry,
                           std::vector<fs::path>& reached) const {
    std::error_code error;
    auto remote =
        entry.remote_by_field
            ? certainly_remote(entry.text).value_or(Remote{lower(first_component(entry.text)), 0})
            : certainly_remote(entry.text);
    if (!remote && !fs::exists(folder / entry.text, error)) {
      remote = shorthand_remote(entry.text);
    }
    if (remote) {
      if (is_allowed(*remote, m_allowed_hosts)) {
        return {};
      }
      return refusal(display, entry.field, entry.text, *remote, "kustomize");
    }
    const auto target = fs::weakly_canonical(folder / entry.text, error);
    if (error) {
      return {};  // kustomize reports what it cannot read
    }
    if (!is_within(m_root, target)) {
      return fail_at({display, 0, {}}, entry.field, " entry '", entry.text,
                     "' leads outside the repository");
    }
    if (entry.reaches_kustomizations && fs::is_directory(target, error)) {
      reached.push_back(target);
    }
    return {};
  }

  const fs::path& m_root;
  const std::vector<std::string>& m_allowed_hosts;
  std::set<fs::path> m_seen;
  KustomizationNeeds m_needs;
};

}  // namespace

Result<KustomizationNeeds> check_kustomization(const fs::path& root, const fs::path& folder,
                                               const std::vector<std::string>& allowed_hosts) {
  Checker checker(root, allowed_hosts);
  if (auto checked = checker.check_folder(folder); !checked) {
    return std::unexpected(checked.error());
  }
  return checker.needs();
}

Result<void> check_remote_reference(const std::string& display, const std::string& field,
                                    const std::string& entry,
                                    const std::vector<std::string>& allowed_hosts,
                                    const std::string& tool) {
  const auto remote = certainly_remote(entry);
  if (!remote || is_allowed(*remote, allowed_hosts)) {
    return {};
  }
  return refusal(display, field, entry, *remote, tool);
}

Result<std::vector<std::string>> kustomization_local_paths(const std::string& text,
                                                           const std::string& file) {
  auto kustomization = read_kustomization(text, file);
  if (!kustomization) {
    return std::unexpected(kustomization.error());
  }
  std::vector<std::string> paths;
  for (const auto& entry : entries_of(*kustomization)) {
    if (!entry.remote_by_field && !certainly_remote(entry.text)) {
      paths.push_back(entry.text);
    }
  }
  return paths;
}

}  // namespace kgitops
