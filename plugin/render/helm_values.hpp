#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/object.hpp"

namespace kgitops {

// What a Helm chart is rendered with besides its own values.yaml.
struct HelmValues {
  // Values files, as paths from the repository's root, in order.
  std::vector<std::string> files = {};
  // "key=value" assignments, as helm's --set takes them, applied after the
  // files. The values may be secrets: no message and no argument list of a
  // child process ever holds one.
  std::vector<std::string> set = {};
};

// The values document that `assignments` make: "a.b=c" puts c at a.b ("\."
// is a dot inside a key). The value is taken whole, commas included, and
// typed as helm's --set types it: true, false, null, a whole number not
// starting with 0, else a string. Later assignments win. Errors name the
// key, never the value.
Result<Json> values_from_assignments(const std::vector<std::string>& assignments);

// The values file `file`, a path from the repository's root, under the
// canonical `root`. Refused when it leaves the repository (also through a
// symlink), is missing, or is no regular file.
Result<std::filesystem::path> resolve_values_file(const std::filesystem::path& root,
                                                  const std::string& file);

}  // namespace kgitops
