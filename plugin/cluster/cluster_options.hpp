#pragma once

#include <chrono>
#include <string>

namespace kgitops {

// How to reach the cluster: passed to every kubectl this tool runs, so every
// kubeconfig and auth method kubectl supports works unchanged.
struct ClusterOptions {
  std::string kubectl = "kubectl";
  std::string kubeconfig;  // empty: kubectl's own default ($KUBECONFIG, ~/.kube/config)
  std::string context;     // empty: the kubeconfig's current context
  // Each request kubectl makes gives up after this (--request-timeout), so a
  // frozen or unreachable apiserver fails a step instead of stalling it.
  std::chrono::milliseconds request_timeout{30'000};
};

}  // namespace kgitops
