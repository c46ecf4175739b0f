#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cluster/cluster_options.hpp"
#include "core/error.hpp"
#include "core/object.hpp"

namespace kgitops {

// One kind the API server serves, from discovery.
struct ApiResource {
  std::string group;     // "" for the core group
  std::string version;   // preferred version
  std::string kind;      // "Deployment"
  std::string resource;  // plural, "deployments"
  bool namespaced = true;
  bool listable = true;  // serves the list verb (some kinds, like bindings, are create-only)

  // "deployments.apps", "services": the form `kubectl get` takes unambiguously.
  std::string qualified_resource() const;
};

enum class DryRun { no, server };

// Per-object outcome of an apply: the object as the server now has it, or why not.
struct ApplyResult {
  ResourceKey key;
  std::optional<Json> live;
  std::string error;  // empty when applied
};

// The cluster, as this tool needs it. The kubectl implementation runs kubectl
// as a subprocess for every call; unit tests use an in-memory fake.
class Cluster {
 public:
  virtual ~Cluster() = default;

  // Every kind the server serves (discovery).
  virtual Result<std::vector<ApiResource>> api_resources() = 0;

  // Lists the objects of `resources` in all namespaces that match the label
  // `selector`, with as few requests as possible (one per kind).
  virtual Result<std::vector<Json>> list(const std::vector<ApiResource>& resources,
                                         const std::string& selector) = 0;

  // Every object of `resources` in namespace `ns`, whoever owns it (an empty
  // `ns` for cluster-scoped kinds): what ownership checks look through for
  // objects that exist without this app's label, and what a Namespace holds.
  virtual Result<std::vector<Json>> list_namespace(const std::vector<ApiResource>& resources,
                                                   const std::string& ns) = 0;

  // One object, or nullopt when it does not exist.
  virtual Result<std::optional<Json>> get(const ApiResource& resource, const std::string& ns,
                                          const std::string& name) = 0;

  // Server-side apply with our field manager and --force-conflicts. The
  // objects of one call do not depend on each other, so the implementation
  // may send them in parallel; callers stage dependent objects in separate
  // calls. Returns one result per object, failures included.
  virtual Result<std::vector<ApplyResult>> apply(const std::vector<Json>& objects,
                                                 DryRun dry_run) = 0;

  // Deletes one object, only if its UID is still `uid` (it was not replaced
  // since we read it). Background cascading, as kubectl delete.
  virtual Result<void> remove(const ApiResource& resource, const ResourceKey& key,
                              const std::string& uid) = 0;

  // Sets one annotation of one object (or removes it, when `value` is
  // nullopt), whoever manages the object: an annotation of its own field
  // manager, so an apply of the object at the same time never undoes it.
  virtual Result<void> annotate(const ApiResource& resource, const ResourceKey& key,
                                const std::string& annotation,
                                const std::optional<std::string>& value) = 0;

  // Waits until the named CRDs are Established.
  virtual Result<void> wait_established(const std::vector<std::string>& crd_names,
                                        std::chrono::seconds timeout) = 0;
};

std::unique_ptr<Cluster> make_kubectl_cluster(const ClusterOptions& options);

// The Cluster of options.transport: kubectl per call, or HTTP through one
// kubectl proxy.
std::unique_ptr<Cluster> make_cluster(const ClusterOptions& options);

}  // namespace kgitops
