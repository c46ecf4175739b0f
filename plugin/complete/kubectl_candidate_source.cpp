#include "complete/kubectl_candidate_source.hpp"

#include "cluster/name_lookup.hpp"

namespace kgitops {
namespace {

class KubectlCandidateSource : public CandidateSource {
 public:
  explicit KubectlCandidateSource(std::chrono::milliseconds timeout) : m_timeout(timeout) {}

  Result<std::vector<std::string>> app_names(const ClusterOptions& cluster) override {
    return inventory_app_names(cluster, m_timeout);
  }

  Result<std::vector<std::string>> context_names(const ClusterOptions& cluster) override {
    return kubeconfig_context_names(cluster, m_timeout);
  }

  Result<std::vector<std::string>> namespace_names(const ClusterOptions& cluster) override {
    return kgitops::namespace_names(cluster, m_timeout);
  }

 private:
  std::chrono::milliseconds m_timeout;
};

}  // namespace

std::unique_ptr<CandidateSource> make_kubectl_candidate_source(std::chrono::milliseconds timeout) {
  return std::make_unique<KubectlCandidateSource>(timeout);
}

}  // namespace kgitops
