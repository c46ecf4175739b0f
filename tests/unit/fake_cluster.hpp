#pragma once

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "cluster/cluster.hpp"
#include "core/constants.hpp"
#include "fake_field_manager.hpp"

namespace kgitops::testing {

// An in-memory cluster: objects by key, a count of every write, and the
// server behaviours the engine relies on (defaults, status, uids,
// delete preconditions, managedFields as server-side apply keeps them (see
// fake_field_manager.hpp), label selectors of equality and absence).
class FakeCluster final : public Cluster {
 public:
  std::map<ResourceKey, Json> objects;
  int applies = 0;  // objects written by apply
  int deletes = 0;
  int lists = 0;
  std::set<std::string> failing_names;   // apply of these fails
  std::set<std::string> throwing_names;  // apply of these throws, as a bug would
  // An update (not a create) of these fails as a change of spec.template of a Job does.
  std::set<std::string> immutable_names;
  std::set<std::string> failing_lists;    // a list naming these resources ("cronjobs") fails
  std::set<std::string> failing_deletes;  // a delete of these fails
  bool discovery_fails = false;

  Result<std::vector<ApiResource>> api_resources() override {
    if (discovery_fails) {
      return fail("cannot discover the cluster's API: connection refused");
    }
    return std::vector<ApiResource>{{"", "v1", "Namespace", "namespaces", false},
                                    {"", "v1", "ConfigMap", "configmaps", true},
                                    {"", "v1", "Secret", "secrets", true},
                                    {"", "v1", "Service", "services", true},
                                    {"apps", "v1", "Deployment", "deployments", true}};
  }

  Result<std::vector<Json>> list(const std::vector<ApiResource>& resources,
                                 const std::string& selector) override {
    ++lists;
    for (const auto& resource : resources) {
      if (failing_lists.contains(resource.resource)) {
        return fail("cannot list ", resource.resource, ": the server is currently unable to ",
                    "handle the request");
      }
    }
    // Equality and absence only: "a=b", "!a" or "a=b,!c".
    std::vector<std::pair<std::string, std::string>> wanted_labels;
    std::vector<std::string> absent_labels;
    for (std::size_t at = 0; at <= selector.size();) {
      const auto end = std::min(selector.find(',', at), selector.size());
      const auto term = selector.substr(at, end - at);
      const auto equals = term.find('=');
      if (term.starts_with('!')) {
        absent_labels.push_back(term.substr(1));
      } else {
        wanted_labels.emplace_back(term.substr(0, equals), term.substr(equals + 1));
      }
      at = end + 1;
    }
    std::vector<Json> found;
    for (const auto& [key, object] : objects) {
      bool wanted_kind = false;
      for (const auto& resource : resources) {
        wanted_kind = wanted_kind || (resource.group == key.group && resource.kind == key.kind);
      }
      bool labels_match = true;
      for (const auto& [label, value] : wanted_labels) {
        labels_match = labels_match && label_of(object, label) == value;
      }
      for (const auto& label : absent_labels) {
        labels_match = labels_match && !label_of(object, label);
      }
      if (wanted_kind && labels_match) {
        found.push_back(object);
      }
    }
    return found;
  }

  Result<std::vector<Json>> list_namespace(const std::vector<ApiResource>& resources,
                                           const std::string& ns) override {
    ++lists;
    std::vector<Json> found;
    for (const auto& [key, object] : objects) {
      for (const auto& resource : resources) {
        if (failing_lists.contains(resource.resource)) {
          return fail("cannot list ", resource.resource, ": forbidden");
        }
        if (resource.group == key.group && resource.kind == key.kind &&
            (!resource.namespaced || key.ns == ns)) {
          found.push_back(object);
        }
      }
    }
    return found;
  }

  Result<std::optional<Json>> get(const ApiResource& resource, const std::string& ns,
                                  const std::string& name) override {
    const auto found = objects.find({resource.group, resource.kind, ns, name});
    if (found == objects.end()) {
      return std::optional<Json>{};
    }
    return std::optional<Json>{found->second};
  }

  Result<std::vector<ApplyResult>> apply(const std::vector<Json>& manifests,
                                         DryRun dry_run) override {
    std::vector<ApplyResult> results;
    for (const auto& manifest : manifests) {
      ApplyResult result;
      result.key = key_of(manifest);
      if (throwing_names.contains(result.key.name)) {
        throw std::runtime_error("cannot serialise " + result.key.name);
      }
      if (failing_names.contains(result.key.name)) {
        result.error = "admission webhook denied " + result.key.name;
        results.push_back(result);
        continue;
      }
      Json live = manifest;
      auto existing = objects.find(result.key);
      if (existing != objects.end() && immutable_names.contains(result.key.name)) {
        result.error = "The " + result.key.kind + " \"" + result.key.name +
                       "\" is invalid: spec.template: Invalid value: core.PodTemplateSpec{}: "
                       "field is immutable";
        results.push_back(result);
        continue;
      }
      live["metadata"]["uid"] = existing != objects.end()
                                    ? existing->second["metadata"]["uid"]
                                    : Json("uid-" + std::to_string(++m_next_uid));
      live["metadata"]["resourceVersion"] = std::to_string(++m_next_uid);
      record_apply(live, previous_fields(result.key), manifest, std::string(keys::k_field_manager),
                   next_time());
      if (result.key.kind == "Deployment") {
        live["spec"]["strategy"] = {{"type", "RollingUpdate"}};  // a server default
        live["status"] = {{"replicas", 1}};
      }
      if (dry_run == DryRun::no) {
        ++applies;
        objects[result.key] = live;
      }
      result.live = live;
      results.push_back(result);
    }
    return results;
  }

  Result<void> remove(const ApiResource&, const ResourceKey& key, const std::string& uid) override {
    const auto found = objects.find(key);
    if (found == objects.end()) {
      return {};
    }
    if (failing_deletes.contains(key.name)) {
      return fail("cannot delete ", to_string(key), ": the server refused");
    }
    if (!uid.empty() && found->second["metadata"]["uid"] != uid) {
      return fail("precondition failed: uid of ", to_string(key), " changed");
    }
    ++deletes;
    objects.erase(found);
    return {};
  }

  Result<void> annotate(const ApiResource&, const ResourceKey& key, const std::string& annotation,
                        const std::optional<std::string>& value) override {
    const auto found = objects.find(key);
    if (found == objects.end()) {
      return fail(to_string(key), " not found");
    }
    auto& annotations = found->second["metadata"]["annotations"];
    if (value) {
      annotations[annotation] = *value;
    } else if (annotations.is_object()) {
      annotations.erase(annotation);
    }
    return {};
  }

  Result<void> wait_established(const std::vector<std::string>&, std::chrono::seconds) override {
    return {};
  }

  // An apply with force of `manifest` by another field manager (a
  // controller, someone's `kubectl apply --server-side --force-conflicts`):
  // the fields it sets change, and become its own.
  Json apply_as(const std::string& manager, const Json& manifest) {
    const auto key = key_of(manifest);
    auto& live = objects.at(key);
    const auto previous = previous_fields(key);
    live.merge_patch(manifest);
    live["metadata"]["resourceVersion"] = std::to_string(++m_next_uid);
    record_apply(live, previous, manifest, manager, next_time());
    return live;
  }

 private:
  Json previous_fields(const ResourceKey& key) const {
    const auto found = objects.find(key);
    if (found == objects.end()) {
      return Json::array();
    }
    return found->second.value("metadata", Json::object()).value("managedFields", Json::array());
  }

  // Every write a second later than the one before, in RFC 3339.
  std::string next_time() {
    const auto second = ++m_clock;
    char text[32];
    std::snprintf(text, sizeof text, "2026-01-02T%02d:%02d:%02dZ", second / 3600 % 24,
                  second / 60 % 60, second % 60);
    return text;
  }

  int m_next_uid = 0;
  int m_clock = 0;
};

// One FakeCluster for several threads at once (the watch's sync and heal
// threads, and a test playing the other writers): every call of every
// client, and every look through with(), holds one lock.
class SharedFakeCluster {
 public:
  // A Cluster for one thread; it must not outlive this.
  std::unique_ptr<Cluster> client() { return std::make_unique<Client>(*this); }

  // Returns f(fake), run under the lock.
  template <typename F>
  auto with(F&& f) {
    std::lock_guard lock(m_mutex);
    return std::forward<F>(f)(m_fake);
  }

 private:
  class Client final : public Cluster {
   public:
    explicit Client(SharedFakeCluster& shared) : m_shared(shared) {}
    Result<std::vector<ApiResource>> api_resources() override {
      return m_shared.with([](FakeCluster& fake) { return fake.api_resources(); });
    }
    Result<std::vector<Json>> list(const std::vector<ApiResource>& resources,
                                   const std::string& selector) override {
      return m_shared.with([&](FakeCluster& fake) { return fake.list(resources, selector); });
    }
    Result<std::vector<Json>> list_namespace(const std::vector<ApiResource>& resources,
                                             const std::string& ns) override {
      return m_shared.with([&](FakeCluster& fake) { return fake.list_namespace(resources, ns); });
    }
    Result<std::optional<Json>> get(const ApiResource& resource, const std::string& ns,
                                    const std::string& name) override {
      return m_shared.with([&](FakeCluster& fake) { return fake.get(resource, ns, name); });
    }
    Result<std::vector<ApplyResult>> apply(const std::vector<Json>& manifests,
                                           DryRun dry_run) override {
      return m_shared.with([&](FakeCluster& fake) { return fake.apply(manifests, dry_run); });
    }
    Result<void> annotate(const ApiResource& resource, const ResourceKey& key,
                          const std::string& annotation,
                          const std::optional<std::string>& value) override {
      return m_shared.with(
          [&](FakeCluster& fake) { return fake.annotate(resource, key, annotation, value); });
    }
    Result<void> remove(const ApiResource& resource, const ResourceKey& key,
                        const std::string& uid) override {
      return m_shared.with([&](FakeCluster& fake) { return fake.remove(resource, key, uid); });
    }
    Result<void> wait_established(const std::vector<std::string>& crd_names,
                                  std::chrono::seconds timeout) override {
      return m_shared.with(
          [&](FakeCluster& fake) { return fake.wait_established(crd_names, timeout); });
    }

   private:
    SharedFakeCluster& m_shared;
  };

  std::mutex m_mutex;
  FakeCluster m_fake;
};

}  // namespace kgitops::testing
