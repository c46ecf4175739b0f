#pragma once

#include <chrono>
#include <memory>

#include "complete/completion.hpp"

namespace kgitops {

// Asks kubectl (ClusterOptions::kubectl, with the user's --kubeconfig and
// --context) for apps, contexts and namespaces. Each call is bounded by
// `timeout`, so a cluster that does not answer only costs the shell a pause.
std::unique_ptr<CandidateSource> make_kubectl_candidate_source(
    std::chrono::milliseconds timeout = std::chrono::seconds(5));

}  // namespace kgitops
