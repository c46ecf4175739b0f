#include "cluster/http_cluster.hpp"
#include "cluster/kubectl_cluster.hpp"

namespace kgitops {

std::unique_ptr<Cluster> make_cluster(const ClusterOptions& options) {
  return options.transport == Transport::http ? make_http_cluster(options)
                                              : make_kubectl_cluster(options);
}

}  // namespace kgitops
