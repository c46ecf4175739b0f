#include "cli/source_flags.hpp"

#include <cstdlib>

#include <unistd.h>

#include "core/byte_size.hpp"

namespace kgitops {

void add_source_flags(CLI::App& command, SourceFlags& flags) {
  command
      .add_option("--repo", flags.repo, "Repository: a local path, file://, https:// or ssh URL")
      ->required();
  command.add_option("--revision", flags.revision,
                     "Branch, tag or commit (default: the repository's HEAD)");
  command.add_option("--path", flags.path, "Folder of manifests inside the repository");
  command.add_option("--app", flags.app, "App name (default: derived from --repo and --path)");
  command.add_option("--ignore-manager", flags.ignore_managers,
                     "Leave fields owned by this field manager alone, in diff and sync (e.g. "
                     "kube-controller-manager for an HPA's replicas); repeatable");
  command.add_option("--kustomize-allow-host", flags.kustomize_allow_hosts,
                     "Let kustomize fetch remote bases from this host (host or host:port); "
                     "repeatable. By default kustomize reads only the repository");
  command.add_option("--max-render-bytes", flags.max_render_bytes,
                     "Most bytes of files a render may write out of the commit (e.g. 512Mi)");
  command
      .add_option("--max-render-files", flags.max_render_files,
                  "Most files and folders a render may write out of the commit")
      ->check(CLI::PositiveNumber);
  add_insecure_http_flag(command, flags.insecure_http);
  add_reach_flags(command, flags.reach);
  add_helm_flags(command, flags.helm);
}

void add_helm_flags(CLI::App& command, HelmFlags& flags) {
  command.add_option("--values", flags.values,
                     "Render Helm charts with this values file too (a path from the "
                     "repository's root, inside it); repeatable, the last wins");
  command.add_option("--set", flags.set,
                     "Render Helm charts with this value (key=value, the value taken whole); "
                     "repeatable, wins over --values. Handed to helm in a private file");
}

Result<HelmValues> to_helm_values(const HelmFlags& flags) {
  HelmValues values{flags.values, flags.set};
  if (auto valid = values_from_assignments(values.set); !valid) {
    return std::unexpected(valid.error());
  }
  return values;
}

void add_insecure_http_flag(CLI::App& command, bool& insecure_http) {
  command.add_flag("--insecure-http", insecure_http,
                   "Send git credentials over plain http:// too (they travel unencrypted)");
}

void add_credentials_host_flag(CLI::App& command, std::vector<std::string>& hosts) {
  command
      .add_option("--auth-host", hosts,
                  "Send git credentials to this host (host or host:port) when it serves a "
                  "repository recorded in the cluster; repeatable")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            auto valid = check_trusted_host(value);
            return valid ? std::string() : to_string(valid.error());
          },
          "HOST"));
}

void add_ownership_flags(CLI::App& command, OwnershipOptions& ownership) {
  command.add_flag("--adopt", ownership.adopt,
                   "Take over objects git declares that already exist and no app owns "
                   "(unmanaged, or another tool's); another app's objects are never taken");
  command.add_flag("--take-over", ownership.take_over,
                   "Move this app to this repository and path when its inventory records "
                   "another source");
}

Result<AppSpec> to_app_spec(const SourceFlags& flags, const GlobalFlags& globals) {
  AppSpec app;
  // A relative path is stored absolute, so status and audit find it from anywhere.
  const auto repo = absolute_repo(flags.repo);
  app.source = SourceSpec{repo, flags.revision, scope_for_named_repo(repo, flags.insecure_http)};
  app.path = flags.path;
  app.default_namespace = globals.ns;
  app.ignore_managers = flags.ignore_managers;
  app.kustomize_allow_hosts = flags.kustomize_allow_hosts;
  auto helm = to_helm_values(flags.helm);
  if (!helm) {
    return std::unexpected(helm.error());
  }
  app.helm = std::move(*helm);
  auto max_bytes = parse_byte_size(flags.max_render_bytes, "--max-render-bytes");
  if (!max_bytes) {
    return std::unexpected(max_bytes.error());
  }
  app.source.scope.max_bytes = *max_bytes;
  app.source.scope.max_files = flags.max_render_files;
  auto reach = to_reach(flags.reach);
  if (!reach) {
    return std::unexpected(reach.error());
  }
  app.reach = std::move(*reach);
  app.name = flags.app.empty() ? derive_app_name(app.source.repo, flags.path) : flags.app;
  // A derived name is always valid: only an --app can be at fault.
  if (auto valid = validate_app_name(app.name); !valid) {
    return with_context("--app", valid.error());
  }
  return app;
}

std::filesystem::path cache_dir() {
  if (const char* explicit_dir = std::getenv("KUBECTL_GITOPS_CACHE");
      explicit_dir && *explicit_dir) {
    return explicit_dir;
  }
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
    return std::filesystem::path(xdg) / "kubectl-gitops";
  }
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home != nullptr ? home : "/tmp") / ".cache" / "kubectl-gitops";
}

bool is_terminal(int fd) {
  return ::isatty(fd) == 1;
}

}  // namespace kgitops
