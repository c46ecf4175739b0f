#include <doctest/doctest.h>

#include <sstream>

#include "cli/messages.hpp"

using namespace kgitops;

TEST_CASE("messages: an error is one line, its location first when it has one") {
  std::ostringstream err;
  print_error(err, Error{"cannot fetch x: timed out", ErrorKind::timeout});
  print_error(err, fail_at({"apps/web.yaml", 3, {}}, "object has no kind").error());
  print_error(err, fail_at({"apps/kustomization.yaml", 0, {}}, "kubectl kustomize failed").error());
  CHECK(err.str() ==
        "kubectl-gitops: error: cannot fetch x: timed out\n"
        "kubectl-gitops: error: apps/web.yaml:3: object has no kind\n"
        "kubectl-gitops: error: apps/kustomization.yaml: kubectl kustomize failed\n");
}

TEST_CASE("messages: a warning and the usage hint have their one format") {
  std::ostringstream err;
  print_warning(err, "this push would prune 12 of 13 objects");
  print_usage_hint(err, "sync");
  print_usage_hint(err, "");
  CHECK(err.str() ==
        "kubectl-gitops: warning: this push would prune 12 of 13 objects\n"
        "See 'kubectl gitops sync -h' for help.\n"
        "See 'kubectl gitops -h' for help.\n");
}
