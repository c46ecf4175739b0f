#pragma once

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "cluster/cluster.hpp"
#include "engine/desired.hpp"

namespace kgitops {

// What a commit creates that its other objects need: the kinds its
// CustomResourceDefinitions declare and the Namespaces it declares that the
// cluster does not have yet. The server cannot check an object that needs
// one of these before the commit is applied (its dry run fails), so every
// dry run reports such an object instead of sending it.
class CommitPrerequisites {
 public:
  // Reads which of the commit's Namespaces exist; one that cannot be read
  // counts as existing, so the dry run tells.
  CommitPrerequisites(Cluster& cluster, const std::vector<DesiredObject>& desired);

  // Whether a CustomResourceDefinition of the commit declares the kind.
  bool declares_kind(const std::string& group, const std::string& kind) const;
  // Whether the commit declares Namespace `ns` and the cluster lacks it.
  bool creates_namespace(const std::string& ns) const;

  // For a dry run: why `object` cannot be checked yet ("CRD created by this
  // commit", "namespace created by this commit"), or empty when it can.
  // `served`: whether the cluster serves the object's kind now.
  std::string waits_for(const DesiredObject& object, bool served) const;

 private:
  std::set<std::pair<std::string, std::string>> m_crd_kinds;
  std::set<std::string> m_new_namespaces;
};

}  // namespace kgitops
