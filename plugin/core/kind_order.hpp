#pragma once

#include <string>

#include "core/resource_key.hpp"

namespace kgitops {

// The fixed order in which kinds are applied (Namespaces and CRDs first, as
// Argo CD and Helm do); prune walks it backwards. Unknown kinds come last.
int kind_rank(const std::string& kind);

// Kinds that must exist before anything else can be applied: they get a
// stage of their own, and CRDs are waited on until Established.
bool is_foundation_kind(const std::string& kind);

// Apply order: wave, then kind rank, then group, namespace, name.
bool apply_before(int wave_a, const ResourceKey& a, int wave_b, const ResourceKey& b);

}  // namespace kgitops
