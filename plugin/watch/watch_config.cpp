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

// allowNamespaces, allowKinds, as and asGroups, read with parse_app's own
// readers of string lists and strings.
template <typename Strings, typename Text>
Result<Reach> parse_reach(const std::string& where, const Strings& strings, const Text& text) {
  Reach reach;
  auto namespaces = strings("allowNamespaces", "namespace names");
  auto kinds = strings("allowKinds", "kinds (Kind or group/Kind)");
  auto groups = strings("asGroups", "group names");
  for (const auto* list : {&namespaces, &kinds, &groups}) {
    if (!*list) {
      return std::unexpected(list->error());
    }
  }
  auto user = text("as");
  if (!user) {
    return std::unexpected(user.error());
  }
  reach.namespaces = std::move(*namespaces);
  reach.kinds = std::move(*kinds);
  reach.identity = Impersonation{std::move(*user), std::move(*groups)};
  if (auto valid = validate_reach(reach); !valid) {
    return with_context(where, valid.error());
  }
  return reach;
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

Result<WatchedApp> parse_app(const Json& entry, const std::string& where) {
  if (!entry.is_object()) {
    return fail(where, ": an app must be a mapping");
  }
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
  for (const auto& [key, value] : entry.items()) {
    if (!known.contains(key)) {
      return fail(where, ": unknown field '", key, "'");
    }
  }
  auto text = [&](const char* key) -> Result<std::string> {
    if (!entry.contains(key) || entry[key].is_null()) {
      return std::string{};
    }
    if (entry[key].is_string()) {
      return entry[key].get<std::string>();
    }
    if (entry[key].is_number()) {
      return entry[key].dump();
    }
    return fail(where, ": '", key, "' must be a string");
  };
  WatchedApp watched;
  auto name = text("name");
  auto repo = text("repo");
  auto revision = text("revision");
  auto path = text("path");
  auto ns = text("namespace");
  auto interval = text("interval");
  for (const auto* field : {&name, &repo, &revision, &path, &ns, &interval}) {
    if (!*field) {
      return std::unexpected(field->error());
    }
  }
  if (repo->empty()) {
    return fail(where, ": 'repo' is required");
  }
  bool insecure_http = false;
  if (entry.contains("insecureHttp")) {
    if (!entry["insecureHttp"].is_boolean()) {
      return fail(where, ": 'insecureHttp' must be true or false");
    }
    insecure_http = entry["insecureHttp"].get<bool>();
  }
  // The file is the user's word: credentials may go to each app's own host.
  const auto absolute = absolute_repo(*repo);
  watched.app.source =
      SourceSpec{absolute, *revision, scope_for_named_repo(absolute, insecure_http)};
  watched.app.path = *path;
  watched.app.default_namespace = *ns;
  watched.app.name = name->empty() ? derive_app_name(watched.app.source.repo, *path) : *name;
  if (auto valid = validate_app_name(watched.app.name); !valid) {
    return with_context(where, valid.error());
  }
  bool no_cluster_scoped = false;
  for (auto [key, flag] :
       {std::pair{"prune", &watched.prune}, std::pair{"adopt", &watched.ownership.adopt},
        std::pair{"takeOver", &watched.ownership.take_over},
        std::pair{"noClusterScoped", &no_cluster_scoped}}) {
    if (entry.contains(key)) {
      if (!entry[key].is_boolean()) {
        return fail(where, ": '", key, "' must be true or false");
      }
      *flag = entry[key].get<bool>();
    }
  }
  const auto strings = [&](const char* key, const char* what) -> Result<std::vector<std::string>> {
    if (!entry.contains(key)) {
      return std::vector<std::string>{};
    }
    const auto& list = entry[key];
    if (!list.is_array() ||
        !std::all_of(list.begin(), list.end(), [](const Json& m) { return m.is_string(); })) {
      return fail(where, ": '", key, "' must be a list of ", what);
    }
    return list.get<std::vector<std::string>>();
  };
  auto managers = strings("ignoreManagers", "field manager names");
  if (!managers) {
    return std::unexpected(managers.error());
  }
  watched.app.ignore_managers = std::move(*managers);
  auto hosts = strings("kustomizeAllowHosts", "host names");
  if (!hosts) {
    return std::unexpected(hosts.error());
  }
  watched.app.kustomize_allow_hosts = std::move(*hosts);
  auto helm_files = strings("helmValues", "values files");
  if (!helm_files) {
    return std::unexpected(helm_files.error());
  }
  auto helm = parse_helm(entry, where, std::move(*helm_files));
  if (!helm) {
    return std::unexpected(helm.error());
  }
  watched.app.helm = std::move(*helm);
  auto reach = parse_reach(where, strings, text);
  if (!reach) {
    return std::unexpected(reach.error());
  }
  reach->cluster_scoped = !no_cluster_scoped;
  watched.app.reach = std::move(*reach);
  auto max_bytes = text("maxRenderBytes");
  if (!max_bytes) {
    return std::unexpected(max_bytes.error());
  }
  if (!max_bytes->empty()) {
    auto parsed = parse_byte_size(*max_bytes, "maxRenderBytes");
    if (!parsed) {
      return with_context(where, parsed.error());
    }
    watched.app.source.scope.max_bytes = *parsed;
  }
  if (entry.contains("maxRenderFiles")) {
    const auto& files = entry["maxRenderFiles"];
    if (!files.is_number_integer() || files.get<std::intmax_t>() < 1) {
      return fail(where, ": 'maxRenderFiles' must be a whole number of at least 1");
    }
    watched.app.source.scope.max_files = files.get<std::uintmax_t>();
  }
  if (!interval->empty()) {
    auto parsed = parse_interval(*interval);
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
    if (!names.insert(app->app.name).second) {
      return fail(file, ": app '", app->app.name, "' is listed twice");
    }
    apps.push_back(std::move(*app));
  }
  return apps;
}

}  // namespace kgitops
