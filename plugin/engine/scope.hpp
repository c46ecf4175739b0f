#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "cluster/cluster.hpp"
#include "render/renderer.hpp"

namespace kgitops {

// What prepare_desired does with an object of a kind the scope does not know.
enum class UnknownKinds { refuse, allow };

// Knows, for each (group, kind), its REST resource and whether it is
// namespaced: from the cluster's discovery, from CRDs that the render itself
// declares (their kinds are not served yet on a first sync), and, offline,
// from a built-in table of the core kinds.
class Scope {
 public:
  // Offline: built-in kinds and the render's CRDs only. With `unknown_kinds`
  // allow, objects of other kinds are kept (a cluster may serve them).
  explicit Scope(const std::vector<Manifest>& manifests,
                 UnknownKinds unknown_kinds = UnknownKinds::refuse);
  Scope(const std::vector<ApiResource>& discovered, const std::vector<Manifest>& manifests);

  std::optional<ApiResource> find(const std::string& group, const std::string& kind) const;
  // Whether the cluster serves the kind now (a CRD applied by this very sync
  // is known but not served yet: there is nothing of it to list).
  bool served(const std::string& group, const std::string& kind) const;
  // Every kind the cluster serves and lets list, but Events (never an app's,
  // and served twice): where a search of every kind looks.
  std::vector<ApiResource> listable() const;
  // Whether objects of kinds `find` does not know are kept (offline only).
  bool allows_unknown_kinds() const { return m_unknown_kinds == UnknownKinds::allow; }

 private:
  std::set<std::pair<std::string, std::string>> m_served;
  UnknownKinds m_unknown_kinds = UnknownKinds::refuse;
  void add_crds(const std::vector<Manifest>& manifests);
  std::map<std::pair<std::string, std::string>, ApiResource> m_resources;
};

}  // namespace kgitops
