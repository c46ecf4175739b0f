#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "cluster/cluster_options.hpp"

namespace kgitops {

// kubectl's global flags, which kubectl passes on to plugins unchanged.
struct GlobalFlags {
  std::string kubeconfig;
  std::string context;
  std::string ns;

  ClusterOptions cluster_options() const;
};

void add_global_flags(CLI::App& app, GlobalFlags& flags);

}  // namespace kgitops
