#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "githooks/hook_installer.hpp"

namespace kgitops {

// The flags of `hooks`, as typed.
struct HooksFlags {
  std::string action;  // install or uninstall
  std::string repo = ".";
  std::vector<std::string> hooks;
  std::optional<std::string> sync_args;
};

void add_hooks_flags(CLI::App& command, HooksFlags& flags);

// Refuses flags that do not go with the action; an error names them.
Result<void> check_hooks_flags(const HooksFlags& flags);

// What `hooks install` installs: the hooks named, else every supported one.
HookInstallOptions to_hook_install_options(const HooksFlags& flags);

}  // namespace kgitops
