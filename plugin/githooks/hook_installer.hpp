#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "githooks/local_repository.hpp"

namespace kgitops {

// The hooks this tool provides, in install order.
const std::vector<std::string>& supported_hooks();

// The shim installed as hook `name` (hooks/<name> in the sources, embedded in
// the binary), or nothing for a hook this tool does not provide.
std::optional<std::string_view> hook_shim(const std::string& name);

// Whether the hook file `content` is one of our shims (it carries the marker).
bool is_our_hook(std::string_view content);

enum class HookAction {
  installed,  // our shim written
  updated,    // our shim replaced an older shim of ours
  unchanged,  // our shim was already there, identical
  removed,    // our shim deleted
  restored,   // our shim deleted and the user's hook put back
  not_ours,   // a hook we did not write: left alone
  absent,     // nothing to remove
};

struct HookChange {
  std::string hook;
  std::filesystem::path path;
  HookAction action = HookAction::unchanged;
  // Where the user's own hook now lives, when the shim runs it first.
  std::optional<std::filesystem::path> chained;
};

struct HookInstallOptions {
  std::vector<std::string> hooks = supported_hooks();
  std::optional<std::string> sync_args;  // stored as git config gitops.syncArgs
};

// Installs the shims into the repository's hooks folder (core.hooksPath when
// set). An existing hook of the user's is never overwritten: it moves to
// `<hook>.local` and the shim runs it first. Installing twice changes nothing.
Result<std::vector<HookChange>> install_hooks(const LocalRepository& repository,
                                              const HookInstallOptions& options);

// Removes our shims and puts back the user's hooks they chained to; hooks we
// did not write stay as they are.
Result<std::vector<HookChange>> uninstall_hooks(const LocalRepository& repository);

// "pre-push: installed at <path> (runs <path>.local first)", for the CLI.
std::string describe(const HookChange& change);

// `<hooks dir>/<hook>.local`: where a user's hook goes while ours is installed.
std::filesystem::path local_hook_path(const std::filesystem::path& hook_path);

}  // namespace kgitops
