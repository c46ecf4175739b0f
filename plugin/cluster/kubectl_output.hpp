#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cluster/cluster.hpp"
#include "core/error.hpp"
#include "core/object.hpp"
#include "process/process.hpp"

namespace kgitops {

// What kubectl printed, read: its failures, its JSON, and what its stderr
// says of one object or of kinds the server lost.

// A remote error: `what`, then kubectl's stderr (or its exit status when
// it printed nothing).
Error kubectl_error(const std::string& what, const ProcessOutput& output);

// The objects of `kubectl ... -o json`: a List's items, or the one object;
// none for empty output.
Result<std::vector<Json>> kubectl_json_items(const std::string& text);

// The lines of kubectl's stderr about the object `key` (kubectl names each
// failed object, and the server's field errors follow on lines of their
// own); all of stderr when none names it.
std::string kubectl_errors_about(const ResourceKey& key, const ProcessOutput& output);

// `kinds` without those kubectl's `stderr` says the server no longer has
// (`the server doesn't have a resource type "widgets"`); nothing when it
// says nothing of the kind, or names a plural that two of `listed` share.
std::optional<std::vector<ApiResource>> without_vanished_kinds(
    std::vector<ApiResource> kinds, const std::vector<ApiResource>& listed,
    const std::string& stderr_text);

}  // namespace kgitops
