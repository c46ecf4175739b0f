#include "cli/global_flags.hpp"

namespace kgitops {

ClusterOptions GlobalFlags::cluster_options() const {
  ClusterOptions options;
  options.kubeconfig = kubeconfig;
  options.context = context;
  return options;
}

void add_global_flags(CLI::App& app, GlobalFlags& flags) {
  app.add_option("--kubeconfig", flags.kubeconfig, "Path to the kubeconfig file to use")
      ->group("Global Flags");
  app.add_option("--context", flags.context, "The name of the kubeconfig context to use")
      ->group("Global Flags");
  app.add_option("-n,--namespace", flags.ns,
                 "Namespace for objects that name none (as kubectl apply -n)")
      ->group("Global Flags");
}

}  // namespace kgitops
