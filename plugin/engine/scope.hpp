#pragma once

#include <map>
#include <memory>
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
// from a built-in table of the core kinds. The kinds of one discovery
// answer are indexed once and shared by every scope made from it: an agent
// holds a scope per app.
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
  using KindId = std::pair<std::string, std::string>;  // (group, kind)
  struct KnownKinds {
    std::map<KindId, ApiResource> resources;
    std::set<KindId> served;
  };
  // The kinds of `discovered`, indexed: the last answer's index again when
  // it is the same answer.
  static std::shared_ptr<const KnownKinds> known_kinds(const std::vector<ApiResource>& discovered);
  static std::shared_ptr<const KnownKinds> builtin_known_kinds();
  void add_crds(const std::vector<Manifest>& manifests);

  std::shared_ptr<const KnownKinds> m_known;
  std::map<KindId, ApiResource> m_declared;  // the render's CRDs of kinds m_known lacks
  UnknownKinds m_unknown_kinds = UnknownKinds::refuse;
};

}  // namespace kgitops
