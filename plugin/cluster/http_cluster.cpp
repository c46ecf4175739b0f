#include "cluster/http_cluster.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <thread>

#include "cluster/api_discovery.hpp"
#include "cluster/kubectl_args.hpp"
#include "cluster/raw_watch.hpp"
#include "core/constants.hpp"
#include "core/defaults.hpp"
#include "core/parallel.hpp"
#include "core/text.hpp"

namespace kgitops {
namespace {

// Requests in flight at once from one call: enough to hide the round trips,
// few enough not to crowd out the apps of the same agent.
constexpr std::size_t k_parallel_requests = 8;
constexpr int k_page_size = 500;
constexpr std::chrono::milliseconds k_established_poll{200};

std::string api_version_of(const ApiResource& resource) {
  return resource.group.empty() ? resource.version : resource.group + "/" + resource.version;
}

// What a failed request says, prefixed with what was asked.
Error answer_error(const std::string& what, const ApiResponse& response) {
  return Error{what + ": " + status_message(response)};
}

Result<Json> parse_object(const std::string& body, const std::string& what) {
  Json object = Json::parse(body, nullptr, false);
  if (object.is_discarded() || !object.is_object()) {
    return fail(what, ": the API server's answer is not a JSON object");
  }
  return object;
}

class HttpCluster final : public Cluster {
 public:
  explicit HttpCluster(const ClusterOptions& options)
      : m_options(options), m_connection(shared_api_connection(options)) {}

  Result<std::vector<ApiResource>> api_resources() override { return discover(false); }

  // Discovery, reused from the connection when it is younger than
  // k_discovery_reuse unless `fresh`.
  Result<std::vector<ApiResource>> discover(bool fresh) {
    auto& connection = *m_connection;
    std::lock_guard in_flight(connection.discovery_mutex);
    const auto now = std::chrono::steady_clock::now();
    if (!fresh && connection.discovered &&
        now - connection.discovered_at < defaults::k_discovery_reuse) {
      remember(*connection.discovered);
      return *connection.discovered;
    }
    std::vector<ApiResource> all;
    for (const char* path : {"/api", "/apis"}) {
      auto response = send({"GET", path, {}, {}, k_aggregated_discovery_accept});
      if (!response) {
        return fail("cannot discover the cluster's API: ", to_string(response.error()));
      }
      if (response->status != 200) {
        return std::unexpected(answer_error("cannot discover the cluster's API", *response));
      }
      auto resources = parse_aggregated_discovery(response->body);
      if (!resources) {
        return std::unexpected(resources.error());
      }
      all.insert(all.end(), resources->begin(), resources->end());
    }
    connection.discovered = all;
    connection.discovered_at = now;
    remember(all);
    return all;
  }

  void remember(const std::vector<ApiResource>& resources) {
    std::lock_guard lock(m_mutex);
    m_discovered = resources;
  }

  Result<std::vector<Json>> list(const std::vector<ApiResource>& resources,
                                 const std::string& selector) override {
    return list_each(
        resources, [](const ApiResource&) { return std::string(); }, selector);
  }

  Result<std::vector<Json>> list_namespace(const std::vector<ApiResource>& resources,
                                           const std::string& ns) override {
    return list_each(
        resources, [&ns](const ApiResource&) { return ns; }, "");
  }

  Result<std::optional<Json>> get(const ApiResource& resource, const std::string& ns,
                                  const std::string& name) override {
    const ResourceKey key{resource.group, resource.kind, resource.namespaced ? ns : "", name};
    auto response = send({"GET", kubectl_args::object_path(resource, key)});
    const auto what = "cannot get " + resource.qualified_resource() + " " + name;
    if (!response) {
      return fail(what, ": ", to_string(response.error()));
    }
    if (response->status == 404) {
      return std::optional<Json>{};
    }
    if (response->status != 200) {
      return std::unexpected(answer_error(what, *response));
    }
    auto object = parse_object(response->body, what);
    if (!object) {
      return std::unexpected(object.error());
    }
    return std::optional<Json>{std::move(*object)};
  }

  Result<std::vector<ApplyResult>> apply(const std::vector<Json>& objects,
                                         DryRun dry_run) override {
    std::vector<ApplyResult> results(objects.size());
    const auto failure = run_in_parallel(objects.size(), k_parallel_requests, [&](std::size_t i) {
      results[i] = apply_one(objects[i], dry_run);
    });
    if (failure) {
      return fail("cannot apply: ", *failure);
    }
    return results;
  }

  Result<void> remove(const ApiResource& resource, const ResourceKey& key,
                      const std::string& uid) override {
    const auto options = kubectl_args::delete_options(uid);
    auto response = send(
        {"DELETE", kubectl_args::object_path(resource, key), options.dump(), "application/json"});
    const auto what = "cannot delete " + to_string(key);
    if (!response) {
      return fail(what, ": ", to_string(response.error()));
    }
    if (response->status == 404) {
      return {};  // already gone: what we wanted
    }
    if (response->status != 200 && response->status != 202) {
      return std::unexpected(answer_error(what, *response));
    }
    return {};
  }

  Result<void> annotate(const ApiResource& resource, const ResourceKey& key,
                        const std::string& annotation,
                        const std::optional<std::string>& value) override {
    const Json patch{
        {"metadata", {{"annotations", {{annotation, value ? Json(*value) : Json()}}}}}};
    // kubectl annotate's field manager: the annotation is not ours to own.
    auto response =
        send({"PATCH", kubectl_args::object_path(resource, key) + "?fieldManager=kubectl-annotate",
              patch.dump(), "application/merge-patch+json"});
    const auto what = "cannot annotate " + to_string(key);
    if (!response) {
      return fail(what, ": ", to_string(response.error()));
    }
    if (response->status != 200) {
      return std::unexpected(answer_error(what, *response));
    }
    return {};
  }

  Result<void> wait_established(const std::vector<std::string>& crd_names,
                                std::chrono::seconds timeout) override {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    const ApiResource crds{"apiextensions.k8s.io", "v1", "CustomResourceDefinition",
                           "customresourcedefinitions", false};
    for (const auto& name : crd_names) {
      while (true) {
        auto crd = get(crds, "", name);
        if (!crd) {
          return std::unexpected(crd.error());
        }
        if (*crd && established(**crd)) {
          break;
        }
        if (std::chrono::steady_clock::now() + k_established_poll > deadline) {
          return fail("CustomResourceDefinitions not Established: ", name, " within ",
                      std::to_string(timeout.count()), "s");
        }
        std::this_thread::sleep_for(k_established_poll);
      }
    }
    return {};
  }

 private:
  Result<ApiResponse> send(ApiRequest request) {
    request.timeout = m_options.request_timeout;
    return m_connection->client.send(request);
  }

  static bool established(const Json& crd) {
    const auto status = crd.find("status");
    if (status == crd.end() || !status->is_object() || !status->contains("conditions") ||
        !(*status)["conditions"].is_array()) {
      return false;
    }
    return std::ranges::any_of((*status)["conditions"], [](const Json& condition) {
      return condition.is_object() && condition.value("type", "") == "Established" &&
             condition.value("status", "") == "True";
    });
  }

  // The discovered kind of `object`, discovering again when it is not known
  // (a CRD of the same sync): past any shared answer, which may be older.
  Result<ApiResource> resource_for(const Json& object) {
    const auto key = key_of(object);
    const auto known = [&]() -> std::optional<ApiResource> {
      std::lock_guard lock(m_mutex);
      const auto found = std::ranges::find_if(m_discovered, [&](const ApiResource& resource) {
        return resource.group == key.group && resource.kind == key.kind;
      });
      return found == m_discovered.end() ? std::nullopt : std::optional(*found);
    };
    for (const bool fresh : {false, true}) {
      if (auto found = known()) {
        return *found;
      }
      if (auto discovered = discover(fresh); !discovered) {
        return std::unexpected(discovered.error());
      }
    }
    if (auto found = known()) {
      return *found;
    }
    return fail("no matches for kind \"", key.kind, "\" in version \"",
                object.value("apiVersion", ""), "\": ensure CRDs are installed first");
  }

  ApplyResult apply_one(const Json& object, DryRun dry_run) {
    ApplyResult result;
    result.key = key_of(object);
    auto resource = resource_for(object);
    if (!resource) {
      result.error = to_string(resource.error());
      return result;
    }
    auto key = result.key;
    if (resource->namespaced && key.ns.empty()) {
      key.ns = "default";
    }
    std::string path = kubectl_args::object_path(*resource, key) +
                       "?fieldManager=" + std::string(keys::k_field_manager) + "&force=true";
    if (dry_run == DryRun::server) {
      path += "&dryRun=All";
    }
    auto response = send({"PATCH", path, object.dump(), "application/apply-patch+yaml"});
    if (!response) {
      result.error = to_string(response.error());
    } else if (response->status != 200 && response->status != 201) {
      result.error = status_message(*response);
    } else if (auto live = parse_object(response->body, "apply " + to_string(result.key))) {
      result.live = std::move(*live);
    } else {
      result.error = to_string(live.error());
    }
    return result;
  }

  // Every object of `resources`, each kind listed page by page on its own
  // connection; a kind the server no longer has is left out.
  Result<std::vector<Json>> list_each(const std::vector<ApiResource>& resources,
                                      const std::function<std::string(const ApiResource&)>& ns,
                                      const std::string& selector) {
    std::vector<Result<std::vector<Json>>> lists(resources.size());
    const auto failure = run_in_parallel(resources.size(), k_parallel_requests, [&](std::size_t i) {
      auto listed = list_kind(m_connection->client, m_options.request_timeout, resources[i],
                              ns(resources[i]), selector);
      if (!listed) {
        lists[i] = std::unexpected(listed.error());
      } else if (*listed) {
        lists[i] = std::move((*listed)->items);
      } else {
        lists[i] = std::vector<Json>{};  // the kind went away since discovery
      }
    });
    if (failure) {
      return fail("cannot list: ", *failure);
    }
    std::vector<Json> all;
    for (auto& list : lists) {
      if (!list) {
        return std::unexpected(list.error());
      }
      std::move(list->begin(), list->end(), std::back_inserter(all));
    }
    return all;
  }

  ClusterOptions m_options;
  std::shared_ptr<ApiConnection> m_connection;
  std::mutex m_mutex;
  std::vector<ApiResource> m_discovered;
};

}  // namespace

ApiConnection::ApiConnection(const ClusterOptions& options)
    : proxy(options), client([this](bool suspect) { return proxy.socket(suspect); }) {}

std::shared_ptr<ApiConnection> shared_api_connection(const ClusterOptions& options) {
  static std::mutex mutex;
  static std::map<std::vector<std::string>, std::weak_ptr<ApiConnection>> connections;
  const auto identity = kubectl_args::base(options);
  std::lock_guard lock(mutex);
  if (auto existing = connections[identity].lock()) {
    return existing;
  }
  auto connection = std::make_shared<ApiConnection>(options);
  connections[identity] = connection;
  return connection;
}

std::unique_ptr<Cluster> make_http_cluster(const ClusterOptions& options) {
  return std::make_unique<HttpCluster>(options);
}

Result<std::optional<ListedKind>> list_kind(HttpClient& client, std::chrono::milliseconds timeout,
                                            const ApiResource& resource, const std::string& ns,
                                            const std::string& selector) {
  ListedKind listed;
  std::string next;
  const auto what = "cannot list " + resource.qualified_resource();
  do {
    std::string path = collection_path(resource, ns) + "?limit=" + std::to_string(k_page_size);
    if (!selector.empty()) {
      path += "&labelSelector=" + percent_encode(selector);
    }
    if (!next.empty()) {
      path += "&continue=" + percent_encode(next);
    }
    auto response = client.send({"GET", path, {}, {}, "application/json", timeout});
    if (!response) {
      return fail(what, ": ", to_string(response.error()));
    }
    if (response->status == 404) {
      return std::optional<ListedKind>{};
    }
    if (response->status != 200) {
      return std::unexpected(answer_error(what, *response));
    }
    auto page = parse_object(response->body, what);
    if (!page) {
      return std::unexpected(page.error());
    }
    const auto& metadata = (*page)["metadata"];
    next = metadata.is_object() ? metadata.value("continue", "") : "";
    listed.resource_version = metadata.is_object() ? metadata.value("resourceVersion", "") : "";
    if (page->contains("items") && (*page)["items"].is_array()) {
      for (auto& item : (*page)["items"]) {
        // Items of a list carry no type of their own; kubectl adds it too.
        item["apiVersion"] = api_version_of(resource);
        item["kind"] = resource.kind;
        listed.items.push_back(std::move(item));
      }
    }
  } while (!next.empty());
  return std::optional<ListedKind>{std::move(listed)};
}

std::string status_message(const ApiResponse& response) {
  const Json status = Json::parse(response.body, nullptr, false);
  if (status.is_object() && status.contains("message") && status["message"].is_string()) {
    return status["message"].get<std::string>();
  }
  auto body = trim(response.body);
  while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) {
    body.pop_back();
  }
  return body.empty() ? "the API server answered " + std::to_string(response.status) : body;
}

}  // namespace kgitops
