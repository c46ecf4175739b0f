#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>

#include "cluster/cluster.hpp"
#include "watch/shared_kind_watches.hpp"

namespace kgitops {

// The cluster as an app's worker reads it in the agent. A list of the app's
// objects (`key=value`) of a kind whose shared watch is whole is answered
// from what that watch has seen, without a request; every other call goes
// to the server. Such a list may lag the server by the events in flight, so
// the reconcile re-reads an object before it writes it (see reconcile()).
// Three things send lists to the server instead:
// - the first list, and one every `resync`: a change the watch missed is
//   found in time;
// - a write: from then on until begin_reconcile(), so a sync that waits
//   for the health of what it applied reads its own writes;
// - a kind whose watch is not whole (listing, interrupted, or over kubectl,
//   whose watch does not mark its listings).
class WatchCacheCluster final : public Cluster {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  // How many kinds one list read from the cache and from the server.
  using ReadCounter = std::function<void(std::size_t cached, std::size_t listed)>;

  WatchCacheCluster(
      std::unique_ptr<Cluster> server, std::shared_ptr<const SharedKindWatches> cache,
      std::chrono::milliseconds resync, ReadCounter counted,
      Clock now = [] { return std::chrono::steady_clock::now(); });

  // A new reconcile begins: lists may come from the cache again.
  void begin_reconcile() { m_wrote = false; }

  Result<std::vector<ApiResource>> api_resources() override { return m_server->api_resources(); }
  Result<std::vector<Json>> list(const std::vector<ApiResource>& resources,
                                 const std::string& selector) override;
  Result<std::vector<Json>> list_namespace(const std::vector<ApiResource>& resources,
                                           const std::string& ns) override {
    return m_server->list_namespace(resources, ns);
  }
  Result<std::optional<Json>> get(const ApiResource& resource, const std::string& ns,
                                  const std::string& name) override {
    return m_server->get(resource, ns, name);
  }
  Result<std::vector<ApplyResult>> apply(const std::vector<Json>& objects, DryRun dry_run) override;
  Result<void> remove(const ApiResource& resource, const ResourceKey& key,
                      const std::string& uid) override;
  Result<void> annotate(const ApiResource& resource, const ResourceKey& key,
                        const std::string& annotation,
                        const std::optional<std::string>& value) override;
  Result<void> wait_established(const std::vector<std::string>& crd_names,
                                std::chrono::seconds timeout) override {
    return m_server->wait_established(crd_names, timeout);
  }

 private:
  std::unique_ptr<Cluster> m_server;
  std::shared_ptr<const SharedKindWatches> m_cache;
  std::chrono::milliseconds m_resync;
  ReadCounter m_counted;
  Clock m_now;
  std::chrono::steady_clock::time_point m_next_resync;
  bool m_wrote = false;
};

}  // namespace kgitops
