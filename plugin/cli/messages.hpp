#pragma once

#include <iosfwd>
#include <string_view>

#include "core/error.hpp"

namespace kgitops {

// The one format of what the CLI says about a failure, on stderr:
// `kubectl-gitops: error: <file:line: >message`.
void print_error(std::ostream& err, const Error& error);
void print_error(std::ostream& err, std::string_view message);

// `kubectl-gitops: warning: message`, on stderr too: output stays for results.
void print_warning(std::ostream& err, std::string_view message);

// Where to read how a command is used, after every usage error:
// `See 'kubectl gitops sync -h' for help.`; `command` empty names the root.
void print_usage_hint(std::ostream& err, std::string_view command);

}  // namespace kgitops
