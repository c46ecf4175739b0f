#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/global_flags.hpp"
#include "cli/reach_flags.hpp"
#include "engine/app.hpp"
#include "engine/ownership_check.hpp"
#include "git/credential_scope.hpp"

namespace kgitops {

// --values and --set: what a Helm chart is rendered with besides its own values.
struct HelmFlags {
  std::vector<std::string> values;
  std::vector<std::string> set;
};

// The flags that name an app's source, shared by sync, diff, prune and watch.
struct SourceFlags {
  std::string repo;
  std::string revision;
  std::string path;
  std::string app;
  std::vector<std::string> ignore_managers;
  bool insecure_http = false;  // credentials may go over plain http://
  std::vector<std::string> kustomize_allow_hosts;
  std::string max_render_bytes = "256Mi";
  std::uintmax_t max_render_files = k_default_max_export_files;
  ReachFlags reach;  // what the app may write, and as whom
  HelmFlags helm;
};

void add_source_flags(CLI::App& command, SourceFlags& flags);

// --values (repeatable) and --set (repeatable), for every command that renders.
void add_helm_flags(CLI::App& command, HelmFlags& flags);
// Checks the form of every --set (naming keys, never values).
Result<HelmValues> to_helm_values(const HelmFlags& flags);

// --adopt and --take-over, shared by sync and watch.
void add_ownership_flags(CLI::App& command, OwnershipOptions& ownership);
// --insecure-http, for the commands that take a repository.
void add_insecure_http_flag(CLI::App& command, bool& insecure_http);

// --auth-host (repeatable), for the commands that fetch repository
// URLs read from the cluster: a value that is no host name is refused.
void add_credentials_host_flag(CLI::App& command, std::vector<std::string>& hosts);

// The app these flags and kubectl's -n describe; --app defaults to a name
// derived from the repository and path. Credentials may go to the host of
// --repo alone (over http:// only with --insecure-http).
Result<AppSpec> to_app_spec(const SourceFlags& flags, const GlobalFlags& globals);

// Where fetched repositories are cached: $KUBECTL_GITOPS_CACHE, else
// $XDG_CACHE_HOME/kubectl-gitops, else ~/.cache/kubectl-gitops.
std::filesystem::path cache_dir();

// Whether `stream` (1 = stdout) is a terminal, for colour and prompts.
bool is_terminal(int fd);

}  // namespace kgitops
