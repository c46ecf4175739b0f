#include "watch/suspend.hpp"

#include "cluster/kubectl_cluster.hpp"
#include "core/constants.hpp"
#include "engine/inventory.hpp"
#include "process/process.hpp"

namespace kgitops {

std::vector<std::string> suspend_argv(const ClusterOptions& options, const std::string& app,
                                      bool suspended) {
  auto argv = kubectl_args::request(options);
  argv.emplace_back("annotate");
  argv.emplace_back("configmap");
  argv.push_back(inventory_name(app));
  argv.push_back("--namespace=" + std::string(keys::k_inventory_namespace));
  const std::string key(keys::k_suspended_annotation);
  if (suspended) {
    argv.push_back(key + "=true");
    argv.emplace_back("--overwrite");
  } else {
    argv.push_back(key + "-");
  }
  return argv;
}

Result<void> set_suspended(Cluster& cluster, const ClusterOptions& options, const std::string& app,
                           bool suspended) {
  auto inventory = load_inventory(cluster, app);
  if (!inventory) {
    return std::unexpected(inventory.error());
  }
  if (!*inventory) {
    return fail("app ", app, " has no inventory in namespace ", keys::k_inventory_namespace,
                ": sync it first");
  }
  if ((*inventory)->suspended == suspended) {
    return {};
  }
  auto output = run_process(ProcessRequest{
      suspend_argv(options, app, suspended), {}, {}, kubectl_args::process_deadline(options)});
  if (!output) {
    return std::unexpected(output.error());
  }
  if (output->exit_code != 0) {
    return fail("cannot ", suspended ? "suspend" : "resume", " app ", app, ": ", output->err);
  }
  return {};
}

}  // namespace kgitops
