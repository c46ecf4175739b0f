#include "watch/watch_cache_cluster.hpp"

#include <utility>

namespace kgitops {

WatchCacheCluster::WatchCacheCluster(std::unique_ptr<Cluster> server,
                                     std::shared_ptr<const SharedKindWatches> cache,
                                     std::chrono::milliseconds resync, ReadCounter counted,
                                     Clock now)
    : m_server(std::move(server)),
      m_cache(std::move(cache)),
      m_resync(resync),
      m_counted(std::move(counted)),
      m_now(std::move(now)),
      m_next_resync(m_now()) {}

Result<std::vector<Json>> WatchCacheCluster::list(const std::vector<ApiResource>& resources,
                                                  const std::string& selector) {
  const auto by_label = equality_selector(selector);
  const auto now = m_now();
  const bool resync = now >= m_next_resync;
  if (!by_label || resync || m_wrote) {
    if (by_label && resync) {
      m_next_resync = now + m_resync;
    }
    m_counted(0, resources.size());
    return m_server->list(resources, selector);
  }
  std::vector<Json> objects;
  std::vector<ApiResource> uncached;
  for (const auto& resource : resources) {
    if (auto cached = m_cache->current_objects(resource, by_label->key, by_label->value)) {
      objects.insert(objects.end(), std::make_move_iterator(cached->begin()),
                     std::make_move_iterator(cached->end()));
    } else {
      uncached.push_back(resource);
    }
  }
  m_counted(resources.size() - uncached.size(), uncached.size());
  if (uncached.empty()) {
    return objects;
  }
  auto listed = m_server->list(uncached, selector);
  if (!listed) {
    return std::unexpected(listed.error());
  }
  objects.insert(objects.end(), std::make_move_iterator(listed->begin()),
                 std::make_move_iterator(listed->end()));
  return objects;
}

Result<std::vector<ApplyResult>> WatchCacheCluster::apply(const std::vector<Json>& objects,
                                                          DryRun dry_run) {
  if (dry_run == DryRun::no) {
    m_wrote = true;
  }
  return m_server->apply(objects, dry_run);
}

Result<void> WatchCacheCluster::remove(const ApiResource& resource, const ResourceKey& key,
                                       const std::string& uid) {
  m_wrote = true;
  return m_server->remove(resource, key, uid);
}

Result<void> WatchCacheCluster::annotate(const ApiResource& resource, const ResourceKey& key,
                                         const std::string& annotation,
                                         const std::optional<std::string>& value) {
  m_wrote = true;
  return m_server->annotate(resource, key, annotation, value);
}

}  // namespace kgitops
