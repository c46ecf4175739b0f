#include "cli/global_flags.hpp"

#include "core/duration.hpp"

namespace kgitops {
namespace {

// `text` as a duration; add_global_flags has refused any other.
std::chrono::milliseconds duration_of(const std::string& text) {
  return parse_duration(text, "").value_or(std::chrono::milliseconds::zero());
}

// A duration of more than zero, or the reason it is not one.
CLI::Validator positive_duration() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        auto parsed = parse_duration(value, "duration");
        if (!parsed) {
          return to_string(parsed.error());
        }
        if (parsed->count() <= 0) {
          return "expected a duration above zero, e.g. 30s or 2m, not '" + value + "'";
        }
        return {};
      },
      "DURATION");
}

}  // namespace

ClusterOptions GlobalFlags::cluster_options() const {
  ClusterOptions options;
  options.kubeconfig = kubeconfig;
  options.context = context;
  options.request_timeout = duration_of(request_timeout);
  options.transport = transport == "kubectl" ? Transport::kubectl : Transport::http;
  return options;
}

std::chrono::milliseconds GlobalFlags::git_fetch_timeout() const {
  return duration_of(git_timeout);
}

void add_global_flags(CLI::App& app, GlobalFlags& flags) {
  app.add_option("--kubeconfig", flags.kubeconfig, "Path to the kubeconfig file to use")
      ->group("Global Flags");
  app.add_option("--context", flags.context, "The name of the kubeconfig context to use")
      ->group("Global Flags");
  app.add_option("-n,--namespace", flags.ns,
                 "Namespace for objects that name none (as kubectl apply -n)")
      ->group("Global Flags");
  app.add_option("--request-timeout", flags.request_timeout,
                 "How long each request to the cluster may take, e.g. 30s, 1m")
      ->check(positive_duration())
      ->capture_default_str()
      ->group("Global Flags");
  app.add_option("--git-timeout", flags.git_timeout,
                 "How long fetching a repository may take, e.g. 2m, 90s")
      ->check(positive_duration())
      ->capture_default_str()
      ->group("Global Flags");
  app.add_option("--transport", flags.transport,
                 "How requests reach the API server: http (one kubectl proxy, spoken to over "
                 "HTTP) or kubectl (a kubectl per call)")
      ->check(CLI::IsMember({"http", "kubectl"}))
      ->envname("KUBECTL_GITOPS_TRANSPORT")
      ->capture_default_str()
      ->group("Global Flags");
}

}  // namespace kgitops
