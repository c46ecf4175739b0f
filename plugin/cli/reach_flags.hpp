#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/error.hpp"
#include "engine/reach.hpp"

namespace kgitops {

// The flags that bound what one app may write, and as whom; shared by sync,
// diff, prune and watch.
struct ReachFlags {
  std::vector<std::string> allow_namespaces;
  std::vector<std::string> allow_kinds;
  bool no_cluster_scoped = false;
  std::string as;
  std::vector<std::string> as_groups;

  // Whether any of them was given.
  bool any() const;
};

void add_reach_flags(CLI::App& command, ReachFlags& flags);

// The reach these flags describe; an error names the flag at fault.
Result<Reach> to_reach(const ReachFlags& flags);

}  // namespace kgitops
