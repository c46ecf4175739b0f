#pragma once

#include <string>
#include <vector>

#include "core/object.hpp"
#include "engine/app_comparison.hpp"
#include "engine/replace.hpp"

namespace kgitops {

// How the cluster differs from git, as the versioned "DiffReport" document
// of `diff -o json|yaml` (docs/output.md): each object's state and, for a
// modified one, the paths of the fields that differ; the changes a sync would
// have to replace an object for; the hooks it would run; and what it would
// refuse. No field values: a Secret's stay out of it.
Json diff_to_json(const std::string& app, const AppComparison& compared,
                  const std::vector<ImmutableChange>& immutable);

// Whether diff reports a difference (its exit code 1), as its text does: an
// object modified or missing, one a prune would delete (an extra it keeps
// is no difference), or something a sync would refuse.
bool diff_differs(const std::string& app, const AppComparison& compared);

}  // namespace kgitops
