#include "cluster/name_lookup.hpp"

#include <sstream>
#include <string_view>

#include "core/constants.hpp"
#include "process/process.hpp"

namespace kgitops {
namespace {

// `kubectl [--kubeconfig K] [--context C]`, then `args`.
std::vector<std::string> kubectl_argv(const ClusterOptions& cluster,
                                      std::vector<std::string> args) {
  std::vector<std::string> argv{cluster.kubectl};
  if (!cluster.kubeconfig.empty()) {
    argv.push_back("--kubeconfig=" + cluster.kubeconfig);
  }
  if (!cluster.context.empty()) {
    argv.push_back("--context=" + cluster.context);
  }
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

// A label key inside a kubectl JSONPath expression: its dots are escaped.
std::string jsonpath_key(std::string_view key) {
  std::string escaped;
  for (const char c : key) {
    if (c == '.') {
      escaped += '\\';
    }
    escaped += c;
  }
  return escaped;
}

std::vector<std::string> non_empty_lines(const std::string& text, std::string_view strip_prefix) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    if (line.starts_with(strip_prefix)) {
      line.erase(0, strip_prefix.size());
    }
    if (!line.empty()) {
      lines.push_back(line);
    }
  }
  return lines;
}

std::string request_timeout(std::chrono::milliseconds timeout) {
  return "--request-timeout=" + std::to_string(timeout.count()) + "ms";
}

Result<std::vector<std::string>> lines_of(const ClusterOptions& cluster,
                                          std::vector<std::string> args,
                                          std::string_view strip_prefix,
                                          std::chrono::milliseconds timeout) {
  const std::string what = "kubectl " + args.at(0) + " " + args.at(1);
  ProcessRequest request;
  request.argv = kubectl_argv(cluster, std::move(args));
  // kubectl's own timeout covers the request; this one a kubectl that hangs elsewhere.
  request.timeout = timeout * 2;
  auto output = run_process(request);
  if (!output) {
    return std::unexpected(output.error());
  }
  if (output->exit_code != 0) {
    return fail(what, " failed: ", output->err.substr(0, output->err.find('\n')));
  }
  return non_empty_lines(output->out, strip_prefix);
}

}  // namespace

Result<std::vector<std::string>> inventory_app_names(const ClusterOptions& cluster,
                                                     std::chrono::milliseconds timeout) {
  const std::string selector = std::string(keys::k_inventory_label) + "=true";
  const std::string jsonpath = "jsonpath={range .items[*]}{.metadata.labels." +
                               jsonpath_key(keys::k_app_label) + "}{\"\\n\"}{end}";
  return lines_of(cluster,
                  {"get", "configmaps", "-n", std::string(keys::k_inventory_namespace), "-l",
                   selector, "-o", jsonpath, request_timeout(timeout)},
                  "", timeout);
}

Result<std::vector<std::string>> kubeconfig_context_names(const ClusterOptions& cluster,
                                                          std::chrono::milliseconds timeout) {
  return lines_of(cluster, {"config", "get-contexts", "-o", "name"}, "", timeout);
}

Result<std::vector<std::string>> namespace_names(const ClusterOptions& cluster,
                                                 std::chrono::milliseconds timeout) {
  return lines_of(cluster, {"get", "namespaces", "-o", "name", request_timeout(timeout)},
                  "namespace/", timeout);
}

}  // namespace kgitops
