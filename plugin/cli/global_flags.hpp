#pragma once

#include <chrono>
#include <string>

#include <CLI/CLI.hpp>

#include "cluster/cluster_options.hpp"
#include "core/defaults.hpp"
#include "core/duration.hpp"

namespace kgitops {

// kubectl's global flags, which kubectl passes on to plugins unchanged.
struct GlobalFlags {
  std::string kubeconfig;
  std::string context;
  std::string ns;
  // each kubectl request (kubectl's own flag)
  std::string request_timeout = format_duration(defaults::k_request_timeout);
  std::string git_timeout = format_duration(defaults::k_git_fetch_timeout);  // each git fetch
  std::string transport = "http";  // how requests reach the API server

  // Their durations are checked as they are parsed (add_global_flags).
  ClusterOptions cluster_options() const;
  std::chrono::milliseconds git_fetch_timeout() const;
};

void add_global_flags(CLI::App& app, GlobalFlags& flags);

}  // namespace kgitops
