#pragma once

#include <string>

#include "cluster/cluster.hpp"
#include "engine/app.hpp"
#include "git/git_source.hpp"
#include "validate/validation_report.hpp"

namespace kgitops {

struct ValidateOptions {
  AppSpec app;                      // repository, revision and path to validate
  std::string base_revision;        // the state before (a push's old oid); empty: no preview
  std::string kubectl = "kubectl";  // for `kubectl kustomize`
};

// Checks what one commit declares, offline, exactly as sync would render it
// (load_app without a cluster), and collects every finding it can rather
// than stopping at the first: YAML syntax, apiVersion/kind/metadata.name,
// duplicates, kustomize builds and path escapes (each render error is one
// finding; after one, the other files are still read one by one), kinds
// unknown offline (warnings), plaintext Secrets, bindings to cluster-admin
// (warnings). With `dry_run_cluster`,
// every object is also applied as a server-side dry run there. With a base
// revision, lists what the base declares and the commit no longer does.
// Fails only when the commit itself cannot be checked out.
Result<ValidationReport> validate(GitSource& git, Cluster* dry_run_cluster,
                                  const ValidateOptions& options);

}  // namespace kgitops
