#pragma once

#include <iosfwd>
#include <string>

#include "engine/reconcile.hpp"

namespace kgitops {

struct DiffStyle {
  bool color = false;
};

// Prints a unified diff for every object that is not in sync (live on the
// `-` side, git on the `+` side; Secret values masked), then one summary
// line. Returns whether there was any difference.
bool print_diff(const Reconciliation& reconciliation, const std::string& app,
                const DiffStyle& style, std::ostream& out);

// The diff of one object, uncoloured; empty when in sync.
std::string object_diff(const ObjectState& object);

}  // namespace kgitops
