#include "cli/reach_flags.hpp"

namespace kgitops {

bool ReachFlags::any() const {
  return !allow_namespaces.empty() || !allow_kinds.empty() || no_cluster_scoped || !as.empty() ||
         !as_groups.empty();
}

void add_reach_flags(CLI::App& command, ReachFlags& flags) {
  command.add_option("--allow-namespace", flags.allow_namespaces,
                     "Let the app write only in this namespace (and create only this "
                     "Namespace); repeatable. Anything else refuses the sync before any write");
  command.add_option("--allow-kind", flags.allow_kinds,
                     "Let the app write only this kind: Kind (any group) or group/Kind "
                     "(apps/Deployment, core/ConfigMap); repeatable");
  command.add_flag("--no-cluster-scoped", flags.no_cluster_scoped,
                   "Refuse cluster-scoped kinds (ClusterRole, CRD, ...); a Namespace only "
                   "when --allow-namespace names it");
  command.add_option("--as", flags.as,
                     "Run every kubectl of the app as this user or "
                     "system:serviceaccount:<namespace>:<name> (kubectl's impersonation)");
  command.add_option("--as-group", flags.as_groups,
                     "Impersonate this group too, with --as; repeatable");
}

Result<Reach> to_reach(const ReachFlags& flags) {
  Reach reach;
  reach.namespaces = flags.allow_namespaces;
  reach.kinds = flags.allow_kinds;
  reach.cluster_scoped = !flags.no_cluster_scoped;
  reach.identity = Impersonation{flags.as, flags.as_groups};
  if (!flags.as_groups.empty() && flags.as.empty()) {
    return fail("--as-group goes with --as");
  }
  if (auto valid = validate_reach(reach); !valid) {
    return std::unexpected(valid.error());
  }
  return reach;
}

}  // namespace kgitops
