#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/defaults.hpp"

namespace kgitops {

// Who kubectl acts as (kubectl's --as and --as-group): a user, or a
// ServiceAccount as system:serviceaccount:<namespace>:<name>. An empty user
// is the kubeconfig's own identity; groups go only with a user.
struct Impersonation {
  std::string user;
  std::vector<std::string> groups;

  bool operator==(const Impersonation&) const = default;
};

// How requests reach the API server: `http` (the default) runs one
// `kubectl proxy` and speaks HTTP to it with libcurl; `kubectl` runs kubectl
// for each call.
enum class Transport { kubectl, http };

// How to reach the cluster: passed to every kubectl this tool runs, so every
// kubeconfig and auth method kubectl supports works unchanged.
struct ClusterOptions {
  std::string kubectl = "kubectl";
  std::string kubeconfig;  // empty: kubectl's own default ($KUBECONFIG, ~/.kube/config)
  std::string context;     // empty: the kubeconfig's current context
  // Each request kubectl makes gives up after this (--request-timeout), so a
  // frozen or unreachable apiserver fails a step instead of stalling it.
  std::chrono::milliseconds request_timeout = defaults::k_request_timeout;
  // Passed to every kubectl that talks to the cluster, discovery included.
  Impersonation impersonate;
  Transport transport = Transport::http;
};

}  // namespace kgitops
