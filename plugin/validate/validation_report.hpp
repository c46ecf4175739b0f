#pragma once

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/object.hpp"
#include "core/resource_key.hpp"

namespace kgitops {

// An error stops a push; a warning is worth reading but lets it through.
enum class Severity { warning, error };

// One problem found in a commit, located as precisely as it can be.
struct Finding {
  std::string file;    // relative to the repository root; empty when no one file
  int line = 0;        // 1-based; 0 when unknown
  std::string object;  // the object concerned (to_string of its key); may be empty
  Severity severity = Severity::error;
  std::string message;
};

// What the push would prune: objects the base commit declares and the new one
// does not.
struct PrunePreview {
  std::string base_commit;
  std::size_t base_objects = 0;
  std::vector<ResourceKey> would_prune;
  bool over_bound = false;  // above the mass-deletion bound (see PruneBound)
};

struct ValidationReport {
  std::string revision;  // as resolved ("refs/heads/main"), or what was asked
  std::string commit;    // full id of the commit validated; empty when it did not load
  std::size_t objects = 0;
  std::vector<Finding> findings;
  std::optional<PrunePreview> prune_preview;

  std::size_t count(Severity severity) const;
  bool has_errors() const { return count(Severity::error) > 0; }
};

// A finding made of an error: its location (as render's errors carry one)
// goes into the finding's columns, its message stays the message.
Finding finding_of(const Error& error, Severity severity = Severity::error);

// Prints the findings file by file, as `<file>:<line>: error: <message>`, the
// prune preview, then one summary line.
void print_validation_report(const ValidationReport& report, std::ostream& out);

// The report as the stable JSON document of `validate -o json` (docs/hooks.md).
Json to_json(const ValidationReport& report);

std::string to_string(Severity severity);

}  // namespace kgitops
