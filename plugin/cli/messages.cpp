#include "cli/messages.hpp"

#include <ostream>

namespace kgitops {

void print_error(std::ostream& err, const Error& error) {
  print_error(err, to_string(error));
}

void print_error(std::ostream& err, std::string_view message) {
  err << "kubectl-gitops: error: " << message << "\n";
}

void print_warning(std::ostream& err, std::string_view message) {
  err << "kubectl-gitops: warning: " << message << "\n";
}

void print_usage_hint(std::ostream& err, std::string_view command) {
  err << "See 'kubectl gitops " << command << (command.empty() ? "" : " ") << "-h' for help.\n";
}

}  // namespace kgitops
