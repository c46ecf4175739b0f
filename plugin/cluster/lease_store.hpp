#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cluster/cluster_options.hpp"
#include "core/error.hpp"
#include "core/object.hpp"

namespace kgitops {

// One coordination.k8s.io/v1 Lease, as leader election reads and writes it.
class LeaseStore {
 public:
  virtual ~LeaseStore() = default;
  // The Lease, nullopt when there is none.
  virtual Result<std::optional<Json>> get() = 0;
  // Creates the Lease; fails when one exists already.
  virtual Result<void> create(const Json& lease) = 0;
  // Replaces the Lease; fails unless its metadata.resourceVersion is still
  // the server's, so two agents never both win one round.
  virtual Result<void> replace(const Json& lease) = 0;
};

// `kubectl <verb> ...` of the Lease `name` in `ns`: get prints it or
// nothing; create and replace read it from stdin.
std::vector<std::string> lease_argv(const ClusterOptions& options, const std::string& verb,
                                    const std::string& ns, const std::string& name);

// The Lease `name` in namespace `ns`, through kubectl.
std::unique_ptr<LeaseStore> make_kubectl_lease_store(const ClusterOptions& options, std::string ns,
                                                     std::string name);

}  // namespace kgitops
