#include "watch/watch_config.hpp"

#include <algorithm>
#include <set>

#include "core/byte_size.hpp"
#include "core/duration.hpp"
#include "git/credential_scope.hpp"
#include "render/yaml_loader.hpp"

namespace kgitops {

Result<std::chrono::milliseconds> parse_interval(const std::string& text) {
  auto interval = parse_duration(text, "interval");
  if (!interval) {
    return interval;
  }
  if (*interval < std::chrono::seconds(1)) {
    return fail("interval '", text, "' is too short: at least 1s");
  }
  return interval;
}

namespace {

// The fields an app entry may have; any other is a mistake worth naming.
const std::set<std::string>& known_app_fields() {
  static const std::set<std::string> known{"name",
                                           "repo",
                                           "revision",
                                           "path",
                                           "namespace",
                                           "prune",
                                           "adopt",
                                           "takeOver",
                                           "interval",
                                           "ignoreManagers",
                                           "insecureHttp",
                                           "maxRenderBytes",
                                           "maxRenderFiles",
                                           "kustomizeAllowHosts",
                                           "allowNamespaces",
                                           "allowKinds",
                                           "noClusterScoped",
                                           "as",
                                           "asGroups",
                                           "helmValues",
                                           "helmSet"};
  return known;
}

// Reads the fields of one app entry by type; every error names the app.
class AppFields {
 public:
  AppFields(const Json& entry, const std::string& where) : m_entry(entry), m_where(where) {}

  const Json& entry() const { return m_entry; }
  const std::string& where() const { return m_where; }

  // A string; a number is taken as its text; missing or null is empty.
  Result<std::string> text(const char* key) const {
    if (!m_entry.contains(key) || m_entry[key].is_null()) {
      return std::string{};
    }
    if (m_entry[key].is_string()) {
      return m_entry[key].get<std::string>();
    }
    if (m_entry[key].is_number()) {
      return m_entry[key].dump();
    }
    return fail(m_where, ": '", key, "' must be a string");
  }

  // A list of strings, `what` naming them in the error; missing is empty.
  Result<std::vector<std::string>> strings(const char* key, const char* what) const {
    if (!m_entry.contains(key)) {
      return std::vector<std::string>{};
    }
    const auto& list = m_entry[key];
    if (!list.is_array() ||
        !std::all_of(list.begin(), list.end(), [](const Json& m) { return m.is_string(); })) {
      return fail(m_where, ": '", key, "' must be a list of ", what);
    }
    return list.get<std::vector<std::string>>();
  }

  // true or false into `value`, left as it is when missing.
  Result<void> flag(const char* key, bool& value) const {
    if (m_entry.contains(key)) {
      if (!m_entry[key].is_boolean()) {
        return fail(m_where, ": '", key, "' must be true or false");
      }
      value = m_entry[key].get<bool>();
    }
    return {};
  }

 private:
  const Json& m_entry;
  const std::string& m_where;
};

Result<void> check_known_fields(const Json& entry, const std::string& where) {
  for (const auto& [key, value] : entry.items()) {
    if (!known_app_fields().contains(key)) {
      return fail(where, ": unknown field '", key, "'");
    }
  }
  return {};
}

// The string fields, all checked before any is used.
struct AppTexts {
  std::string name;
  std::string repo;
  std::string revision;
  std::string path;
  std::string ns;
  std::string interval;
};

Result<AppTexts> read_texts(const AppFields& fields) {
  AppTexts texts;
  for (auto [key, value] :
       {std::pair{"name", &texts.name}, std::pair{"repo", &texts.repo},
        std::pair{"revision", &texts.revision}, std::pair{"path", &texts.path},
        std::pair{"namespace", &texts.ns}, std::pair{"interval", &texts.interval}}) {
    auto read = fields.text(key);
    if (!read) {
      return std::unexpected(read.error());
    }
    *value = std::move(*read);
  }
  if (texts.repo.empty()) {
    return fail(fields.where(), ": 'repo' is required");
  }
  return texts;
}

// Where the app's manifests come from, and its name.
Result<void> read_source(const AppFields& fields, const AppTexts& texts, WatchedApp& watched) {
  bool insecure_http = false;
  if (fields.entry().contains("insecureHttp")) {
    if (!fields.entry()["insecureHttp"].is_boolean()) {
      return fail(fields.where(), ": 'insecureHttp' must be true or false");
    }
    insecure_http = fields.entry()["insecureHttp"].get<bool>();
  }
  // The file is the user's word: credentials may go to each app's own host.
  const auto absolute = absolute_repo(texts.repo);
  watched.app.source =
      SourceSpec{absolute, texts.revision, scope_for_named_repo(absolute, insecure_http)};
  watched.app.path = texts.path;
  watched.app.default_namespace = texts.ns;
  watched.app.name =
      texts.name.empty() ? derive_app_name(watched.app.source.repo, texts.path) : texts.name;
  if (auto valid = validate_app_name(watched.app.name); !valid) {
    return with_context(fields.where(), valid.error());
  }
  return {};
}

Result<void> read_flags(const AppFields& fields, WatchedApp& watched, bool& no_cluster_scoped) {
  for (auto [key, flag] :
       {std::pair{"prune", &watched.prune}, std::pair{"adopt", &watched.ownership.adopt},
        std::pair{"takeOver", &watched.ownership.take_over},
        std::pair{"noClusterScoped", &no_cluster_scoped}}) {
    if (auto read = fields.flag(key, *flag); !read) {
      return read;
    }
  }
  return {};
}

// helmSet (a map of keys to values, as --set key=value) beside the files
// of helmValues. Errors name keys, never values: they may be secrets.
Result<HelmValues> parse_helm(const Json& entry, const std::string& where,
                              std::vector<std::string> files) {
  HelmValues helm{std::move(files), {}};
  if (!entry.contains("helmSet")) {
    return helm;
  }
  const auto& set = entry["helmSet"];
  if (!set.is_object()) {
    return fail(where, ": 'helmSet' must map keys to values");
  }
  for (const auto& [key, value] : set.items()) {
    if (!value.is_string() && !value.is_number() && !value.is_boolean() && !value.is_null()) {
      return fail(where, ": helmSet '", key, "' must be a string, number or true/false");
    }
    helm.set.push_back(key + "=" + (value.is_string() ? value.get<std::string>() : value.dump()));
  }
  if (auto valid = values_from_assignments(helm.set); !valid) {
    return with_context(where, valid.error());
  }
  return helm;
}

// ignoreManagers, kustomizeAllowHosts, and the Helm values.
Result<void> read_render_lists(const AppFields& fields, WatchedApp& watched) {
  auto managers = fields.strings("ignoreManagers", "field manager names");
  if (!managers) {
    return std::unexpected(managers.error());
  }
  watched.app.ignore_managers = std::move(*managers);
  auto hosts = fields.strings("kustomizeAllowHosts", "host names");
  if (!hosts) {
    return std::unexpected(hosts.error());
  }
  watched.app.kustomize_allow_hosts = std::move(*hosts);
  auto helm_files = fields.strings("helmValues", "values files");
  if (!helm_files) {
    return std::unexpected(helm_files.error());
  }
  auto helm = parse_helm(fields.entry(), fields.where(), std::move(*helm_files));
  if (!helm) {
    return std::unexpected(helm.error());
  }
  watched.app.helm = std::move(*helm);
  return {};
}

// allowNamespaces, allowKinds, as and asGroups.
Result<Reach> parse_reach(const AppFields& fields) {
  Reach reach;
  auto namespaces = fields.strings("allowNamespaces", "namespace names");
  auto kinds = fields.strings("allowKinds", "kinds (Kind or group/Kind)");
  auto groups = fields.strings("asGroups", "group names");
  for (const auto* list : {&namespaces, &kinds, &groups}) {
    if (!*list) {
      return std::unexpected(list->error());
    }
  }
  auto user = fields.text("as");
  if (!user) {
    return std::unexpected(user.error());
  }
  reach.namespaces = std::move(*namespaces);
  reach.kinds = std::move(*kinds);
  reach.identity = Impersonation{std::move(*user), std::move(*groups)};
  if (auto valid = validate_reach(reach); !valid) {
    return with_context(fields.where(), valid.error());
  }
  return reach;
}

// maxRenderBytes and maxRenderFiles: the budgets of one render.
Result<void> read_render_budgets(const AppFields& fields, WatchedApp& watched) {
  auto max_bytes = fields.text("maxRenderBytes");
  if (!max_bytes) {
    return std::unexpected(max_bytes.error());
  }
  if (!max_bytes->empty()) {
    auto parsed = parse_byte_size(*max_bytes, "maxRenderBytes");
    if (!parsed) {
      return with_context(fields.where(), parsed.error());
    }
    watched.app.source.scope.max_bytes = *parsed;
  }
  if (fields.entry().contains("maxRenderFiles")) {
    const auto& files = fields.entry()["maxRenderFiles"];
    if (!files.is_number_integer() || files.get<std::intmax_t>() < 1) {
      return fail(fields.where(), ": 'maxRenderFiles' must be a whole number of at least 1");
    }
    watched.app.source.scope.max_files = files.get<std::uintmax_t>();
  }
  return {};
}

// The fields are read in a fixed order, so that of several mistakes the
// same one is always named first.
Result<WatchedApp> parse_app(const Json& entry, const std::string& where) {
  if (!entry.is_object()) {
    return fail(where, ": an app must be a mapping");
  }
  if (auto known = check_known_fields(entry, where); !known) {
    return std::unexpected(known.error());
  }
  const AppFields fields(entry, where);
  auto texts = read_texts(fields);
  if (!texts) {
    return std::unexpected(texts.error());
  }
  WatchedApp watched;
  if (auto source = read_source(fields, *texts, watched); !source) {
    return std::unexpected(source.error());
  }
  bool no_cluster_scoped = false;
  if (auto flags = read_flags(fields, watched, no_cluster_scoped); !flags) {
    return std::unexpected(flags.error());
  }
  if (auto lists = read_render_lists(fields, watched); !lists) {
    return std::unexpected(lists.error());
  }
  auto reach = parse_reach(fields);
  if (!reach) {
    return std::unexpected(reach.error());
  }
  reach->cluster_scoped = !no_cluster_scoped;
  watched.app.reach = std::move(*reach);
  if (auto budgets = read_render_budgets(fields, watched); !budgets) {
    return std::unexpected(budgets.error());
  }
  if (!texts->interval.empty()) {
    auto parsed = parse_interval(texts->interval);
    if (!parsed) {
      return with_context(where, parsed.error());
    }
    watched.interval = *parsed;
  }
  return watched;
}

}  // namespace

Result<std::vector<WatchedApp>> parse_watch_config(const std::string& text,
                                                   const std::string& file) {
  auto documents = load_yaml_documents(text, file);
  if (!documents) {
    return std::unexpected(documents.error());
  }
  if (documents->size() != 1) {
    return fail(file, ": expected one YAML document listing the apps");
  }
  Json list = documents->front().value;
  if (list.is_object() && list.contains("apps")) {
    list = list["apps"];
  }
  if (!list.is_array() || list.empty()) {
    return fail(file, ": expected a non-empty list of apps");
  }
  std::vector<WatchedApp> apps;
  std::set<std::string> names;
  for (std::size_t i = 0; i < list.size(); ++i) {
    auto app = parse_app(list[i], file + ": app " + std::to_string(i + 1));
    if (!app) {
      return std::unexpected(app.error());
    }
    app->definition = list[i].dump();
    if (!names.insert(app->app.name).second) {
      return fail(file, ": app '", app->app.name, "' is listed twice");
    }
    apps.push_back(std::move(*app));
  }
  return apps;
}

}  // namespace kgitops
