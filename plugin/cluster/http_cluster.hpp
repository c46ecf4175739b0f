#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cluster/cluster.hpp"
#include "cluster/http_client.hpp"
#include "cluster/kubectl_proxy.hpp"
#include "cluster/lease_store.hpp"

namespace kgitops {

// One `kubectl proxy` and the pool of connections to it, shared by every
// Cluster of one identity (context and impersonation) in this process: a
// watch of many apps still runs one proxy per identity, not one per app.
struct ApiConnection {
  explicit ApiConnection(const ClusterOptions& options);
  KubectlProxy proxy;
  HttpClient client;
  // The last discovery and when it was answered, reused for
  // defaults::k_discovery_reuse; the mutex is held while one is in flight,
  // so many apps asking at once send one.
  std::mutex discovery_mutex;
  std::chrono::steady_clock::time_point discovered_at{};
  std::optional<std::vector<ApiResource>> discovered;
};

// The connection for `options`, started on first use and kept while any
// Cluster holds it.
std::shared_ptr<ApiConnection> shared_api_connection(const ClusterOptions& options);

// The Cluster over HTTP: the REST API through one kubectl proxy, with
// libcurl. Discovery is aggregated (two requests), lists are paginated and
// spread over a few connections, applies are server-side apply PATCHes sent
// a few at once, deletes carry a UID precondition.
std::unique_ptr<Cluster> make_http_cluster(const ClusterOptions& options);

// Whether the API server answers its /readyz, within `timeout`.
Result<void> probe_over_http(ApiConnection& connection, std::chrono::milliseconds timeout);

// The Lease `name` in namespace `ns`, read and written over HTTP.
std::unique_ptr<LeaseStore> make_http_lease_store(std::shared_ptr<ApiConnection> connection,
                                                  std::chrono::milliseconds timeout, std::string ns,
                                                  std::string name);

// One kind's objects, as a paginated list returns them, each with its
// apiVersion and kind filled in, and the list's resourceVersion (where a
// watch of the kind starts). nullopt: the server no longer has the kind.
struct ListedKind {
  std::vector<Json> items;
  std::string resource_version;
};
Result<std::optional<ListedKind>> list_kind(HttpClient& client, std::chrono::milliseconds timeout,
                                            const ApiResource& resource, const std::string& ns,
                                            const std::string& selector);

// The message of a Kubernetes Status answer, or the body itself.
std::string status_message(const ApiResponse& response);

}  // namespace kgitops
