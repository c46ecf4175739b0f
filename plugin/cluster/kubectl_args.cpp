#include "cluster/kubectl_args.hpp"

#include "core/constants.hpp"

namespace kgitops {

namespace kubectl_args {

std::vector<std::string> base(const ClusterOptions& options) {
  std::vector<std::string> args{options.kubectl};
  if (!options.kubeconfig.empty()) {
    args.push_back("--kubeconfig=" + options.kubeconfig);
  }
  if (!options.context.empty()) {
    args.push_back("--context=" + options.context);
  }
  if (!options.impersonate.user.empty()) {
    args.push_back("--as=" + options.impersonate.user);
    for (const auto& group : options.impersonate.groups) {
      args.push_back("--as-group=" + group);
    }
  }
  return args;
}

std::vector<std::string> request(const ClusterOptions& options) {
  auto args = base(options);
  args.push_back("--request-timeout=" + std::to_string(options.request_timeout.count()) + "ms");
  return args;
}

std::chrono::milliseconds process_deadline(const ClusterOptions& options) {
  return 3 * options.request_timeout + std::chrono::seconds(2);
}

std::vector<std::string> apply(const ClusterOptions& options, DryRun dry_run, bool validate) {
  auto args = request(options);
  for (const char* arg : {"apply", "--server-side", "--force-conflicts", "-o", "json", "-f", "-"}) {
    args.emplace_back(arg);
  }
  args.push_back("--field-manager=" + std::string(keys::k_field_manager));
  if (dry_run == DryRun::server) {
    args.emplace_back("--dry-run=server");
  }
  if (!validate) {
    args.emplace_back("--validate=false");
  }
  return args;
}

std::string object_path(const ApiResource& resource, const ResourceKey& key) {
  std::string path = resource.group.empty() ? "/api/" + resource.version
                                            : "/apis/" + resource.group + "/" + resource.version;
  if (resource.namespaced) {
    path += "/namespaces/" + key.ns;
  }
  return path + "/" + resource.resource + "/" + key.name;
}

Json delete_options(const std::string& uid) {
  Json options{
      {"apiVersion", "v1"}, {"kind", "DeleteOptions"}, {"propagationPolicy", "Background"}};
  if (!uid.empty()) {
    options["preconditions"] = {{"uid", uid}};
  }
  return options;
}

std::vector<std::string> annotate(const ClusterOptions& options, const ApiResource& resource,
                                  const ResourceKey& key, const std::string& annotation,
                                  const std::optional<std::string>& value) {
  auto args = request(options);
  args.emplace_back("annotate");
  args.push_back(resource.qualified_resource());
  args.push_back(key.name);
  if (resource.namespaced) {
    args.push_back("--namespace=" + key.ns);
  }
  if (value) {
    args.push_back(annotation + "=" + *value);
    args.emplace_back("--overwrite");
  } else {
    args.push_back(annotation + "-");
  }
  return args;
}

}  // namespace kubectl_args
}  // namespace kgitops
