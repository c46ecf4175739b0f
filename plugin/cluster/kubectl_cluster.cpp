#include "cluster/kubectl_cluster.hpp"

#include <algorithm>
#include <array>
#include <iterator>
#include <map>
#include <optional>
#include <ranges>
#include <sstream>
#include <string_view>
#include <utility>

#include "core/constants.hpp"
#include "core/text.hpp"
#include "process/process.hpp"

namespace kgitops {

std::string ApiResource::qualified_resource() const {
  return group.empty() ? resource : resource + "." + group;
}

namespace {

constexpr std::size_t k_max_apply_processes = 8;

// "configmaps,deployments.apps": the kinds as one kubectl get names them.
std::string resource_list(const std::vector<ApiResource>& kinds) {
  return join(kinds | std::views::transform(&ApiResource::qualified_resource), ",");
}

// `kinds` without those kubectl's `stderr` says the server no longer has
// (`the server doesn't have a resource type "widgets"`); nothing when it
// says nothing of the kind, or names a plural that two of `listed` share.
std::optional<std::vector<ApiResource>> without_vanished_kinds(
    std::vector<ApiResource> kinds, const std::vector<ApiResource>& listed,
    const std::string& stderr_text) {
  // kubectl's words when discovery no longer has the kind, and the server's
  // when kubectl's cached discovery still had it.
  static constexpr std::array<std::pair<std::string_view, char>, 2> k_markers{{
      {"the server doesn't have a resource type \"", '"'},
      {"the server could not find the requested resource (get ", ')'},
  }};
  bool removed_any = false;
  for (const auto& [marker, closing] : k_markers) {
    for (auto at = stderr_text.find(marker); at != std::string::npos;
         at = stderr_text.find(marker, at + 1)) {
      const auto begin = at + marker.size();
      const auto end = stderr_text.find(closing, begin);
      if (end == std::string::npos) {
        return std::nullopt;
      }
      const auto name = stderr_text.substr(begin, end - begin);
      const auto named = [&](const ApiResource& kind) {
        return kind.resource == name || kind.qualified_resource() == name;
      };
      if (std::ranges::count_if(listed, named) != 1 || std::ranges::count_if(kinds, named) != 1) {
        return std::nullopt;
      }
      std::erase_if(kinds, named);
      removed_any = true;
    }
  }
  if (!removed_any) {
    return std::nullopt;
  }
  return kinds;
}

Error kubectl_error(const std::string& what, const ProcessOutput& output) {
  auto message = trim(output.err);
  if (message.empty()) {
    message = "kubectl exited with status " + std::to_string(output.exit_code);
  }
  return Error{what + ": " + message, ErrorKind::remote};
}

Result<std::vector<Json>> items_of(const std::string& text) {
  if (trim(text).empty()) {
    return std::vector<Json>{};
  }
  Json document = Json::parse(text, nullptr, false);
  if (document.is_discarded()) {
    return fail("cannot parse kubectl's JSON output");
  }
  if (document.value("kind", "") == "List" && document.contains("items")) {
    return document["items"].get<std::vector<Json>>();
  }
  return std::vector<Json>{std::move(document)};
}

class KubectlCluster final : public Cluster {
 public:
  KubectlCluster(ClusterOptions options, bool validate)
      : m_options(std::move(options)), m_validate(validate) {}

  Result<std::vector<ApiResource>> api_resources() override {
    // -o wide adds the verbs: what can be listed when searching every kind.
    auto output = run(kubectl_args::request(m_options), {"api-resources", "-o", "wide"});
    if (!output) {
      return std::unexpected(output.error());
    }
    if (output->exit_code != 0) {
      return std::unexpected(kubectl_error("cannot discover the cluster's API", *output));
    }
    return parse_api_resources(output->out);
  }

  Result<std::vector<Json>> list(const std::vector<ApiResource>& resources,
                                 const std::string& selector) override {
    return get_in_parallel(resources, "--all-namespaces", selector);
  }

  Result<std::vector<Json>> list_namespace(const std::vector<ApiResource>& resources,
                                           const std::string& ns) override {
    // -n is ignored for cluster-scoped kinds, so an empty one needs no special case.
    return get_in_parallel(resources, ns.empty() ? "" : "--namespace=" + ns, "");
  }

  Result<std::optional<Json>> get(const ApiResource& resource, const std::string& ns,
                                  const std::string& name) override {
    std::vector<std::string> args{"get",
                                  resource.qualified_resource(),
                                  name,
                                  "-o",
                                  "json",
                                  "--ignore-not-found",
                                  "--show-managed-fields"};
    if (resource.namespaced) {
      args.push_back("--namespace=" + ns);
    }
    auto output = run(kubectl_args::request(m_options), args);
    if (!output) {
      return std::unexpected(output.error());
    }
    if (output->exit_code != 0) {
      return std::unexpected(
          kubectl_error("cannot get " + resource.qualified_resource() + " " + name, *output));
    }
    auto items = items_of(output->out);
    if (!items) {
      return std::unexpected(items.error());
    }
    if (items->empty()) {
      return std::optional<Json>{};
    }
    return std::optional<Json>{std::move(items->front())};
  }

  Result<std::vector<ApplyResult>> apply(const std::vector<Json>& objects,
                                         DryRun dry_run) override {
    if (objects.empty()) {
      return std::vector<ApplyResult>{};
    }
    const auto parallelism = apply_parallelism(objects.size());
    std::vector<std::vector<std::size_t>> chunks(parallelism);
    // Round-robin keeps each chunk in the caller's order and the chunks even.
    for (std::size_t i = 0; i < objects.size(); ++i) {
      chunks[i % parallelism].push_back(i);
    }
    std::vector<ApplyResult> results(objects.size());
    auto outcome = apply_chunks(objects, chunks, dry_run, results);
    if (!outcome) {
      return std::unexpected(outcome.error());
    }
    // When one object of a chunk fails, kubectl prints no object at all, so
    // every object of the chunk looks failed. Apply those one by one to name
    // the real culprits (applying an object twice changes nothing).
    std::vector<std::vector<std::size_t>> singles;
    for (const auto& chunk : *outcome) {
      for (auto index : chunk) {
        singles.push_back({index});
      }
    }
    for (std::size_t start = 0; start < singles.size(); start += k_max_apply_processes) {
      const auto end = std::min(singles.size(), start + k_max_apply_processes);
      std::vector<std::vector<std::size_t>> batch(
          singles.begin() + static_cast<std::ptrdiff_t>(start),
          singles.begin() + static_cast<std::ptrdiff_t>(end));
      if (auto retried = apply_chunks(objects, batch, dry_run, results); !retried) {
        return std::unexpected(retried.error());
      }
    }
    return results;
  }

  Result<void> remove(const ApiResource& resource, const ResourceKey& key,
                      const std::string& uid) override {
    const auto options = kubectl_args::delete_options(uid);
    ProcessRequest request;
    request.argv = kubectl_args::request(m_options);
    for (const char* arg : {"delete", "-f", "-"}) {
      request.argv.emplace_back(arg);
    }
    request.argv.push_back("--raw=" + kubectl_args::object_path(resource, key));
    request.input = options.dump();
    request.timeout = kubectl_args::process_deadline(m_options);
    auto output = run_process(request);
    if (!output) {
      return std::unexpected(output.error());
    }
    if (output->exit_code != 0) {
      if (output->err.find("NotFound") != std::string::npos ||
          output->err.find("not found") != std::string::npos) {
        return {};  // already gone: what we wanted
      }
      return std::unexpected(kubectl_error("cannot delete " + to_string(key), *output));
    }
    return {};
  }

  Result<void> annotate(const ApiResource& resource, const ResourceKey& key,
                        const std::string& annotation,
                        const std::optional<std::string>& value) override {
    auto output = run_process(
        ProcessRequest{kubectl_args::annotate(m_options, resource, key, annotation, value),
                       {},
                       {},
                       kubectl_args::process_deadline(m_options)});
    if (!output) {
      return std::unexpected(output.error());
    }
    if (output->exit_code != 0) {
      return std::unexpected(kubectl_error("cannot annotate " + to_string(key), *output));
    }
    return {};
  }

  Result<void> wait_established(const std::vector<std::string>& crd_names,
                                std::chrono::seconds timeout) override {
    if (crd_names.empty()) {
      return {};
    }
    std::vector<std::string> args{"wait", "--for=condition=Established",
                                  "--timeout=" + std::to_string(timeout.count()) + "s"};
    for (const auto& name : crd_names) {
      args.push_back("customresourcedefinitions.apiextensions.k8s.io/" + name);
    }
    auto output = run(kubectl_args::base(m_options), args, timeout);
    if (!output) {
      return std::unexpected(output.error());
    }
    if (output->exit_code != 0) {
      return std::unexpected(kubectl_error("CustomResourceDefinitions not Established", *output));
    }
    return {};
  }

 private:
  // Applies each chunk of `objects` (indexes into it) with a kubectl of its
  // own, all at once, and fills in `results`. Returns the chunks of more than
  // one object that failed without naming the objects that failed.
  Result<std::vector<std::vector<std::size_t>>> apply_chunks(
      const std::vector<Json>& objects, const std::vector<std::vector<std::size_t>>& chunks,
      DryRun dry_run, std::vector<ApplyResult>& results) const {
    std::vector<ProcessRequest> requests(chunks.size());
    for (std::size_t c = 0; c < chunks.size(); ++c) {
      Json list{{"apiVersion", "v1"}, {"kind", "List"}, {"items", Json::array()}};
      for (auto index : chunks[c]) {
        list["items"].push_back(objects[index]);
      }
      requests[c].argv = kubectl_args::apply(m_options, dry_run, m_validate);
      requests[c].input = list.dump();
      requests[c].timeout = kubectl_args::process_deadline(m_options);
    }
    auto outputs = run_processes(requests);
    if (!outputs) {
      return std::unexpected(outputs.error());
    }
    std::vector<std::vector<std::size_t>> unexplained;
    for (std::size_t c = 0; c < chunks.size(); ++c) {
      const auto& output = (*outputs)[c];
      std::map<ResourceKey, Json> applied;
      if (auto items = items_of(output.out)) {
        for (auto& item : *items) {
          applied.emplace(key_of(item), std::move(item));
        }
      }
      bool all_failed = true;
      for (auto index : chunks[c]) {
        auto& result = results[index];
        result = ApplyResult{};
        result.key = key_of(objects[index]);
        // The server fills in the namespace kubectl defaulted; match on it too.
        auto found = applied.find(result.key);
        if (found == applied.end() && result.key.ns.empty()) {
          found = std::find_if(applied.begin(), applied.end(), [&](const auto& entry) {
            return entry.first.group == result.key.group && entry.first.kind == result.key.kind &&
                   entry.first.name == result.key.name;
          });
        }
        if (found != applied.end()) {
          result.live = found->second;
          all_failed = false;
        } else {
          result.error = error_for(result.key, output);
        }
      }
      if (all_failed && chunks[c].size() > 1 && output.exit_code != 0) {
        unexplained.push_back(chunks[c]);
      }
    }
    return unexplained;
  }

  // `kubectl get <kinds> <scope> -o json [-l selector]`, the kinds spread over a few
  // kubectl processes at once: kubectl lists the kinds of one call one after
  // another, and a search of every kind names dozens.
  Result<std::vector<Json>> get_in_parallel(const std::vector<ApiResource>& resources,
                                            const std::string& scope,
                                            const std::string& selector) const {
    if (resources.empty()) {
      return std::vector<Json>{};
    }
    const auto processes = list_parallelism(resources.size());
    std::vector<std::vector<ApiResource>> shares(processes);
    for (std::size_t i = 0; i < resources.size(); ++i) {
      shares[i % processes].push_back(resources[i]);
    }
    std::vector<ProcessRequest> requests;
    for (const auto& share : shares) {
      requests.push_back(get_request(share, scope, selector));
    }
    auto outputs = run_processes(requests);
    if (!outputs) {
      return std::unexpected(outputs.error());
    }
    std::vector<Json> objects;
    for (std::size_t p = 0; p < processes; ++p) {
      auto output = std::move((*outputs)[p]);
      auto& share = shares[p];
      // A kind removed since discovery (its CRD deleted) has no objects:
      // list the others again without it. kubectl names one such kind a call.
      for (std::size_t retry = 0; output.exit_code != 0 && retry < share.size(); ++retry) {
        auto remaining = without_vanished_kinds(share, resources, output.err);
        if (!remaining) {
          break;
        }
        share = std::move(*remaining);
        if (share.empty()) {
          break;
        }
        auto retried = run_process(get_request(share, scope, selector));
        if (!retried) {
          return std::unexpected(retried.error());
        }
        output = std::move(*retried);
      }
      if (share.empty()) {
        continue;
      }
      if (output.exit_code != 0) {
        return std::unexpected(kubectl_error("cannot list " + resource_list(share), output));
      }
      auto items = items_of(output.out);
      if (!items) {
        return std::unexpected(items.error());
      }
      std::move(items->begin(), items->end(), std::back_inserter(objects));
    }
    return objects;
  }

  // `kubectl get <kinds> <scope> -o json [-l selector]`.
  ProcessRequest get_request(const std::vector<ApiResource>& kinds, const std::string& scope,
                             const std::string& selector) const {
    ProcessRequest request;
    request.timeout = kubectl_args::process_deadline(m_options);
    auto& argv = request.argv;
    argv = kubectl_args::request(m_options);
    argv.emplace_back("get");
    argv.push_back(resource_list(kinds));
    if (!scope.empty()) {
      argv.push_back(scope);
    }
    for (const char* arg : {"-o", "json", "--show-managed-fields"}) {
      argv.emplace_back(arg);
    }
    if (!selector.empty()) {
      argv.emplace_back("-l");
      argv.push_back(selector);
    }
    return request;
  }

  // Runs kubectl with `args`, killed past its deadline (plus `waiting`, for a
  // command that waits on the server by design).
  Result<ProcessOutput> run(std::vector<std::string> argv, const std::vector<std::string>& args,
                            std::chrono::milliseconds waiting = {}) const {
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(ProcessRequest{
        std::move(argv), {}, {}, kubectl_args::process_deadline(m_options) + waiting});
  }

  // kubectl names each failed object in its stderr; keep the lines about this one.
  static std::string error_for(const ResourceKey& key, const ProcessOutput& output) {
    std::istringstream lines(output.err);
    std::string line;
    std::string relevant;
    const std::string quoted = "\"" + key.name + "\"";
    bool in_relevant_error = false;
    while (std::getline(lines, line)) {
      const bool names_object =
          line.find(quoted) != std::string::npos || line.find("/" + key.name) != std::string::npos;
      // The server's field errors follow on lines of their own ("* spec...").
      const bool continues = in_relevant_error && (line.starts_with("*") || line.starts_with(" "));
      if (names_object || continues) {
        relevant += (relevant.empty() ? "" : "\n") + trim(line);
      }
      in_relevant_error = names_object || continues;
    }
    if (!relevant.empty()) {
      return relevant;
    }
    return output.exit_code == 0 ? "the server did not return the object" : trim(output.err);
  }

  ClusterOptions m_options;
  bool m_validate = true;
};

}  // namespace

Result<void> probe_apiserver(const ClusterOptions& options) {
  auto argv = kubectl_args::request(options);
  argv.emplace_back("get");
  argv.emplace_back("--raw=/readyz");
  auto output =
      run_process(ProcessRequest{std::move(argv), {}, {}, kubectl_args::process_deadline(options)});
  if (!output) {
    return std::unexpected(output.error());
  }
  if (output->exit_code != 0) {
    return std::unexpected(kubectl_error("the cluster does not answer", *output));
  }
  return {};
}

Result<std::vector<ApiResource>> parse_api_resources(const std::string& table) {
  std::istringstream lines(table);
  std::string header;
  if (!std::getline(lines, header)) {
    return fail("kubectl api-resources printed nothing");
  }
  const std::vector<std::string> columns{"NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED",
                                         "KIND", "VERBS",      "CATEGORIES"};
  std::vector<std::size_t> starts;
  for (const auto& column : columns) {
    const auto at = header.find(column);
    if (at == std::string::npos) {
      if (starts.size() >= 5) {
        break;  // no -o wide: no verbs, every kind counts as listable
      }
      return fail("unexpected kubectl api-resources header: ", header);
    }
    starts.push_back(at);
  }
  auto cell = [&](const std::string& line, std::size_t index) {
    if (starts[index] >= line.size()) {
      return std::string{};
    }
    const auto end = index + 1 < starts.size() ? starts[index + 1] : std::string::npos;
    return trim(std::string_view(line).substr(
        starts[index], end == std::string::npos ? std::string_view::npos : end - starts[index]));
  };
  std::vector<ApiResource> resources;
  std::string line;
  while (std::getline(lines, line)) {
    if (trim(line).empty()) {
      continue;
    }
    ApiResource resource;
    resource.resource = cell(line, 0);
    const auto api_version = cell(line, 2);
    const auto slash = api_version.find('/');
    resource.group = slash == std::string::npos ? "" : api_version.substr(0, slash);
    resource.version = slash == std::string::npos ? api_version : api_version.substr(slash + 1);
    resource.namespaced = cell(line, 3) == "true";
    resource.kind = cell(line, 4);
    if (starts.size() > 5) {
      // "create,delete,get,list" (kubectl >= 1.28) or "[create delete get list]" (before).
      auto verbs = cell(line, 5);
      std::replace_if(
          verbs.begin(), verbs.end(), [](char c) { return c == '[' || c == ']' || c == ' '; }, ',');
      resource.listable = ("," + verbs + ",").find(",list,") != std::string::npos;
    }
    if (resource.resource.empty() || resource.kind.empty()) {
      return fail("cannot read kubectl api-resources line: ", line);
    }
    resources.push_back(std::move(resource));
  }
  return resources;
}

std::size_t apply_parallelism(std::size_t object_count) {
  constexpr std::size_t k_objects_per_process = 20;
  const auto wanted = (object_count + k_objects_per_process - 1) / k_objects_per_process;
  return std::clamp<std::size_t>(wanted, 1, k_max_apply_processes);
}

std::size_t list_parallelism(std::size_t kind_count) {
  constexpr std::size_t k_kinds_per_process = 8;
  constexpr std::size_t k_max_list_processes = 4;
  const auto wanted = (kind_count + k_kinds_per_process - 1) / k_kinds_per_process;
  return std::clamp<std::size_t>(wanted, 1, k_max_list_processes);
}

std::unique_ptr<Cluster> make_kubectl_cluster(const ClusterOptions& options) {
  return std::make_unique<KubectlCluster>(options, true);
}

std::unique_ptr<Cluster> make_kubectl_cluster_without_validation(const ClusterOptions& options) {
  return std::make_unique<KubectlCluster>(options, false);
}

}  // namespace kgitops
