#include "engine/replace.hpp"

#include <algorithm>
#include <thread>

#include "engine/immutable_fields.hpp"

namespace kgitops {
namespace {

std::string uid_of(const Json& object) {
  return object.value("metadata", Json::object()).value("uid", "");
}

// Polls until the object of `uid` is gone (or replaced by another), at most `timeout`.
Result<void> wait_until_gone(Cluster& cluster, const DesiredObject& desired, const std::string& uid,
                             std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto pause = std::chrono::milliseconds(100);
  while (true) {
    auto live = cluster.get(desired.resource, desired.key.ns, desired.key.name);
    if (!live) {
      return std::unexpected(live.error());
    }
    if (!*live || uid_of(**live) != uid) {
      return {};
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return fail(to_string(desired.key), " was deleted to be replaced but is still there after ",
                  std::to_string(timeout.count()), "s (a finalizer may hold it)");
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(1000));
  }
}

}  // namespace

Result<void> replace_object(Cluster& cluster, const DesiredObject& desired, const Json& live,
                            std::chrono::seconds timeout) {
  const auto uid = uid_of(live);
  if (auto removed = cluster.remove(desired.resource, desired.key, uid); !removed) {
    return removed;
  }
  if (auto gone = wait_until_gone(cluster, desired, uid, timeout); !gone) {
    return gone;
  }
  auto created = cluster.apply({desired.object}, DryRun::no);
  if (!created) {
    return fail("deleted to be replaced, but not created again: ", to_string(created.error()));
  }
  if (!created->empty() && !created->front().error.empty()) {
    return fail("deleted to be replaced, but not created again: ", created->front().error);
  }
  return {};
}

Result<std::vector<ImmutableChange>> find_immutable_changes(Cluster& cluster,
                                                            const Reconciliation& reconciliation) {
  std::vector<const ObjectState*> modified;
  std::vector<Json> manifests;
  for (const auto& object : reconciliation.objects) {
    if (object.state == SyncState::modified && object.desired) {
      modified.push_back(&object);
      manifests.push_back(object.desired->object);
    }
  }
  std::vector<ImmutableChange> changes;
  if (manifests.empty()) {
    return changes;
  }
  auto results = cluster.apply(manifests, DryRun::server);
  if (!results) {
    return std::unexpected(results.error());
  }
  for (std::size_t i = 0; i < results->size() && i < modified.size(); ++i) {
    auto fields = immutable_fields((*results)[i].error);
    if (!fields.empty()) {
      changes.push_back(
          {modified[i]->key, std::move(fields), replace_allowed(modified[i]->desired->object)});
    }
  }
  return changes;
}

}  // namespace kgitops
